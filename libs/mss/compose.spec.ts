import { parseMssAddress, patientMssAddress } from './address';
import { composeMssMessage, renderMssMessage, type OutgoingMssMessage } from './compose';
import { endsConversation } from './conversation';
import { MssError } from './errors';
import { documentLetter } from './letters';
import { contentTypeOf, field, parseEntity, partsOf } from './mime';
import { stepMessageId } from './message-id';

const SETTINGS = { nil: 'NIL-TEST-1' };
const ENGINE = 'acces-direct@cpts.sandbox.mssante.fr';
const DOCTOR = 'claire.martin@medecin.sandbox.mssante.fr';
const PATIENT = '279035121518989@patient.mssante.fr';

function message(overrides: Partial<OutgoingMssMessage> = {}): OutgoingMssMessage {
  return {
    messageId: stepMessageId('bilan_initial', 'doc-1', 'cpts.sandbox.mssante.fr'),
    date: new Date('2026-11-26T10:00:00Z'),
    from: { address: ENGINE, name: 'Camille LEROY (orthophoniste)' },
    to: [{ address: DOCTOR, name: 'Dr Claire MARTIN' }],
    subject: 'XDM/1.0/DDM+Bilan orthophonique initial DUPONT Marie 12/03/2015',
    text: 'Bonjour',
    html: '<p>Bonjour</p>',
    document: {
      filename: 'bilan.pdf',
      mediaType: 'application/pdf',
      content: Buffer.from('%PDF-1.7 test'),
      hiddenFromPatient: false,
    },
    xdm: { zip: Buffer.from('PK zip'), cdaCodes: ['47420-5'], qualifiedIns: true },
    ...overrides,
  };
}

function failure(run: () => unknown): MssError {
  try {
    run();
  } catch (error) {
    if (error instanceof MssError) return error;
    throw error;
  }
  throw new Error('expected an MssError');
}

describe('MSSanté addresses', () => {
  it('accepts a professional address on an MSSanté domain, lower-casing the domain', () => {
    expect(parseMssAddress('Claire.Martin@Medecin.MSSANTE.fr')).toEqual({
      kind: 'professional',
      address: 'Claire.Martin@medecin.mssante.fr',
      domain: 'medecin.mssante.fr',
    });
  });

  it('refuses an ordinary e-mail domain and malformed addresses, naming the problem', () => {
    expect(failure(() => parseMssAddress('claire@gmail.com')).message).toMatch(/MSSanté domain/);
    expect(failure(() => parseMssAddress('claire.martin')).code).toBe('ADDRESS_INVALID');
    expect(failure(() => parseMssAddress('a..b@x.mssante.fr')).message).toMatch(/local part/);
  });

  it("reads a patient's address as their INS and checks the NIR key", () => {
    expect(parseMssAddress(PATIENT)).toMatchObject({ kind: 'patient', ins: '279035121518989' });
    expect(failure(() => parseMssAddress('279035121518988@patient.mssante.fr')).message).toMatch(
      /key .* wrong \(expected 89\)/,
    );
  });

  it('counts Corsica as 19 (2A) and 18 (2B) in the key', () => {
    expect(patientMssAddress('185052A00412356')).toBe('185052A00412356@patient.mssante.fr');
    expect(patientMssAddress('185052b00412383')).toBe('185052B00412383@patient.mssante.fr');
    expect(failure(() => patientMssAddress('185052A00412383')).code).toBe('ADDRESS_INVALID');
  });

  it('refuses an INS of the wrong length', () => {
    expect(failure(() => patientMssAddress('27903512151898')).message).toMatch(/15 characters/);
    expect(failure(() => patientMssAddress('2790351215189890')).message).toMatch(/15 characters/);
  });
});

describe('[FIN] in the subject', () => {
  it('is the tag in upper case between square brackets, nothing else', () => {
    expect(endsConversation('[FIN] Résultats')).toBe(true);
    expect(endsConversation('Résultats [FIN]')).toBe(true);
    expect(endsConversation('[fin] Résultats')).toBe(false);
    expect(endsConversation('FIN des soins')).toBe(false);
  });

  it('adds X-MSS-MES: FIN to a message the practitioner writes to the patient', () => {
    const composed = composeMssMessage(
      message({
        to: [{ address: PATIENT }],
        subject: '[FIN] Vos résultats',
        askedByPractitioner: true,
        xdm: undefined,
      }),
      SETTINGS,
    );
    expect(composed.mail.headers).toMatchObject({ 'X-MSS-MES': 'FIN' });
    expect(composed.mail.subject).toBe('[FIN] Vos résultats');
  });

  it('sets no X-MSS-MES without the tag', () => {
    const composed = composeMssMessage(
      message({ to: [{ address: PATIENT }], askedByPractitioner: true, xdm: undefined }),
      SETTINGS,
    );
    expect(composed.mail.headers).not.toHaveProperty('X-MSS-MES');
  });
});

describe('patient rules', () => {
  it('never writes to a patient on its own initiative', () => {
    expect(
      failure(() => composeMssMessage(message({ to: [{ address: PATIENT }] }), SETTINGS)).code,
    ).toBe('NOT_ALLOWED');
  });

  it('never sends a document hidden from the patient to their mailbox', () => {
    const hidden = message({
      to: [{ address: PATIENT }],
      askedByPractitioner: true,
      document: {
        filename: 'b.pdf',
        mediaType: 'application/pdf',
        content: Buffer.from('x'),
        hiddenFromPatient: true,
      },
    });
    expect(failure(() => composeMssMessage(hidden, SETTINGS)).message).toMatch(/INVISIBLE_PATIENT/);
  });

  it('refuses a hidden document among several, and sends several visible ones', async () => {
    const pdf = (hiddenFromPatient: boolean, filename: string) => ({
      filename,
      mediaType: 'application/pdf',
      content: Buffer.from('%PDF-1.4'),
      hiddenFromPatient,
    });
    const base = { to: [{ address: PATIENT }], askedByPractitioner: true, xdm: undefined };
    const mixed = message({ ...base, documents: [pdf(false, 'a.pdf'), pdf(true, 'b.pdf')] });
    expect(failure(() => composeMssMessage(mixed, SETTINGS)).code).toBe('NOT_ALLOWED');
    const visible = message({
      ...base,
      document: undefined,
      documents: [pdf(false, 'a.pdf'), pdf(false, 'b.pdf')],
    });
    const entity = parseEntity(await renderMssMessage(composeMssMessage(visible, SETTINGS)));
    const names = partsOf(entity)
      .map((p) => contentTypeOf(p).params.get('name'))
      .filter(Boolean);
    expect(names).toEqual(['a.pdf', 'b.pdf']);
  });

  it('sends a hidden document to a professional', () => {
    const hidden = message({
      document: {
        filename: 'b.pdf',
        mediaType: 'application/pdf',
        content: Buffer.from('x'),
        hiddenFromPatient: true,
      },
    });
    expect(composeMssMessage(hidden, SETTINGS).envelope.to).toEqual([DOCTOR]);
  });
});

describe('a composed message', () => {
  it('carries the Référentiel #2 headers, the receipt requests and both attachments', async () => {
    const composed = composeMssMessage(message(), SETTINGS);
    const entity = parseEntity(await renderMssMessage(composed));
    expect(field(entity.headers, 'message-id')).toBe(composed.messageId);
    expect(field(entity.headers, 'x-mss-nil')).toBe('NIL-TEST-1');
    expect(field(entity.headers, 'x-mss-codecda')).toBe('47420-5');
    expect(field(entity.headers, 'x-mss-ins')).toBe('O');
    expect(field(entity.headers, 'disposition-notification-to')).toBe(ENGINE);
    expect(composed.mail.dsn).toMatchObject({
      notify: ['success', 'failure', 'delay'],
      return: 'headers',
      // ORCPT: the médecin as addressed, so that her DSN line names her, not us.
      recipient: composed.recipients[0].address,
    });
    expect(composed.mail.dsn?.recipient).not.toBe(ENGINE);
    const parts = partsOf(entity);
    expect(parts.map((p) => contentTypeOf(p).type)).toEqual([
      'multipart/alternative',
      'application/pdf',
      'application/zip',
    ]);
    expect(field(parts[2].headers, 'content-disposition')).toMatch(/IHE_XDM\.ZIP/);
  });

  it('has no CDA headers without an XDM, but always X-MSS-NIL', () => {
    const composed = composeMssMessage(message({ xdm: undefined }), SETTINGS);
    expect(composed.mail.headers).toEqual(
      expect.not.objectContaining({ 'X-MSS-CODECDA': expect.anything() }),
    );
    expect(composed.mail.headers).toMatchObject({ 'X-MSS-NIL': 'NIL-TEST-1' });
  });

  it('keeps the same Message-ID for the same step, and another for another step', () => {
    const a = stepMessageId('bilan_initial', 'doc-1', 'X.mssante.fr');
    expect(stepMessageId('bilan_initial', 'doc-1', 'x.mssante.fr')).toBe(a);
    expect(stepMessageId('bilan_initial', 'doc-2', 'x.mssante.fr')).not.toBe(a);
    expect(a).toMatch(/^<acces-direct\.bilan-initial\.[0-9a-f]{32}@x\.mssante\.fr>$/);
  });
});

describe('the letter to the médecin traitant', () => {
  const letter = documentLetter({
    documentKind: 'bilan_initial',
    documentTitle: 'Bilan <langage> oral',
    documentDate: '2026-11-20',
    attachmentName: 'bilan.pdf',
    withXdm: true,
    patient: {
      birthFamilyName: 'Dupont',
      firstName: 'Marie',
      birthDate: '2015-03-12',
      sex: 'F',
      ins: { matricule: '279035121518989', qualified: true },
    },
    practitioner: {
      name: 'Camille LEROY',
      rpps: '10000000101',
      profession: 'Orthophoniste',
      mssAddress: ENGINE,
    },
    recipientName: 'Dr Claire MARTIN',
  });

  it('says who, what and why in its first lines', () => {
    const firstLines = letter.text.split('\n').slice(0, 6).join('\n');
    expect(firstLines).toMatch(/DUPONT Marie, née le 12\/03\/2015/);
    expect(firstLines).toMatch(/accès direct/);
    expect(letter.text).toMatch(/INS : 279035121518989 \(INS qualifiée\)/);
    expect(letter.text).toMatch(
      /Orthophoniste : Camille LEROY, orthophoniste \(RPPS 10000000101\)/,
    );
    expect(letter.subject).toBe('XDM/1.0/DDM+Bilan orthophonique initial DUPONT Marie 12/03/2015');
  });

  it('escapes the HTML version', () => {
    expect(letter.html).toContain('Bilan &lt;langage&gt; oral');
    expect(letter.html).not.toContain('<langage>');
  });
});
