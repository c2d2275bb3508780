import { SandboxDirectory } from './directory';
import type { StoredMessage } from './options';
import {
  conversationState,
  hasEndHeader,
  patientReplyRefusal,
  professionalSender,
} from './patient-conversation';

const PATIENT = '279035121518989@patient.mssante.fr';
const ORTHO = 'camille.leroy@ortho.mssante.fr';
const DOCTOR = 'claire.martin@medecin.mssante.fr';

const directory = new SandboxDirectory([
  { address: PATIENT, kind: 'PATIENT' },
  { address: ORTHO, kind: 'PER' },
  { address: DOCTOR, kind: 'PER' },
]);

/** A message as delivery stores it: Return-Path (the envelope sender) on top. */
function stored(id: string, returnPath: string, headers: string[] = []): StoredMessage {
  return {
    file: `/tmp/${id}`,
    messageId: `<${id}@test>`,
    receivedAt: new Date(),
    raw: Buffer.from(
      [
        `Return-Path: <${returnPath}>`,
        `Delivered-To: ${PATIENT}`,
        `From: <${returnPath}>`,
        `Message-ID: <${id}@test>`,
        'Subject: Votre bilan',
        ...headers,
        '',
        'corps',
        '',
      ].join('\r\n'),
    ),
  };
}

const FIN = 'X-MSS-MES: FIN';

describe('patient mailbox conversations', () => {
  it('knows the professional by the envelope sender, reports naming nobody', () => {
    expect(professionalSender(stored('a', ORTHO.toUpperCase()), directory)).toBe(ORTHO);
    expect(professionalSender(stored('b', ''), directory)).toBeUndefined();
    expect(professionalSender(stored('c', PATIENT), directory)).toBeUndefined();
    expect(professionalSender(stored('d', 'inconnu@x.mssante.fr'), directory)).toBeUndefined();
  });

  it('reads the end of a conversation from the X-MSS-MES header only', () => {
    expect(hasEndHeader(stored('a', ORTHO, [FIN]))).toBe(true);
    expect(hasEndHeader(stored('b', ORTHO, ['X-MSS-MES: fin']))).toBe(true);
    expect(hasEndHeader(stored('c', ORTHO, ['Subject: [FIN] Fin du suivi']))).toBe(false);
  });

  it('lets the patient answer a professional until that professional ends it', () => {
    const inbox = [stored('m1', ORTHO), stored('m2', DOCTOR, [FIN]), stored('m3', ORTHO)];
    expect(patientReplyRefusal(inbox, 0, directory)).toBeUndefined();
    // Another professional's end does not end this one.
    expect(conversationState(inbox, ORTHO, directory)).toBe('open');

    const ended = [...inbox, stored('m4', ORTHO, [FIN])];
    expect(patientReplyRefusal(ended, 0, directory)).toMatch(/ended this conversation/);
    expect(patientReplyRefusal(ended, 3, directory)).toMatch(/X-MSS-MES: FIN/);
    expect(patientReplyRefusal(ended, 0, directory, { crossingTheEnd: true })).toBeUndefined();
    expect(conversationState(ended, ORTHO, directory)).toBe('ended');
    expect(conversationState(ended, DOCTOR, directory)).toBe('ended');
  });

  it('counts only the ends that came at or after the message answered', () => {
    const inbox = [stored('m1', ORTHO, [FIN]), stored('m2', ORTHO)];
    expect(patientReplyRefusal(inbox, 1, directory)).toBeUndefined();
    expect(conversationState(inbox, ORTHO, directory)).toBe('open');
  });

  it('refuses an answer to anything but a professional, crossing or not', () => {
    const inbox = [stored('r', '')];
    expect(patientReplyRefusal(inbox, 0, directory)).toMatch(
      /cannot start a conversation|does not let/,
    );
    expect(patientReplyRefusal(inbox, 0, directory, { crossingTheEnd: true })).toBeDefined();
    expect(conversationState([], ORTHO, directory)).toBe('none');
    expect(conversationState(inbox, 'inconnu@x.mssante.fr', directory)).toBe('none');
  });
});
