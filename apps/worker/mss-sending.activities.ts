import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { ValueSets } from '@app/dmp';
import type { MssSkipReason } from '@app/domain';
import {
  AnnuaireSanteClient,
  type LetterPatient,
  type LetterPractitioner,
  MssClient,
  MssError,
  type OutgoingMssMessage,
  buildXdmPackage,
  documentLetter,
  referralLetter,
  stepMessageId,
} from '@app/mss';
import {
  Directory,
  type DocumentRow,
  DocumentStore,
  MssStore,
  SituationStore,
} from '@app/persistence';
import { writtenDocumentPdf } from '../../libs/reports';
import type { MssActivities, MssSendOutcome, SendToMedecinTraitantInput } from '@app/workflows';
import { DocumentSubmissions, isSubmissionProblem } from '../shared/document-submissions';
import { ENGINE_RUNTIME, EngineRuntime } from '../shared/engine-runtime';
import { attachmentName, letterPatientOf, letterPractitionerOf } from './mss-letters';

type Outgoing = Omit<OutgoingMssMessage, 'from'> & { fromName?: string };

/**
 * Sends the médecin traitant what the pathway owes them over MSSanté: the
 * bilan initial, the compte-rendu (each with its IHE XDM package when the
 * patient's identity is qualified) or a referral. Reads everything from
 * PostgreSQL; finds the address in the Annuaire Santé when the pathway has
 * none. Only an unavailable operator or directory is an error (retried by
 * Temporal with backoff); everything a person must fix is an outcome.
 */
@Injectable()
export class MssSendingActivities implements MssActivities {
  private readonly valueSets = ValueSets.load();

  constructor(
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
    private readonly mss: MssClient,
    private readonly annuaire: AnnuaireSanteClient,
    private readonly submissions: DocumentSubmissions,
    private readonly documents: DocumentStore,
    private readonly directory: Directory,
    private readonly store: MssStore,
    private readonly situations: SituationStore,
  ) {}

  async sendToMedecinTraitant(input: SendToMedecinTraitantInput): Promise<MssSendOutcome> {
    const recipient = await this.recipientOf(input);
    if (typeof recipient !== 'string') return recipient;
    const [patient, practitioner, cpts, situation] = await Promise.all([
      this.directory.patient(input.patientId),
      this.directory.practitioner(input.practitionerId),
      this.directory.cpts(input.cptsId),
      this.situations.current(input.practitionerId),
    ]);
    if (!patient || !practitioner) {
      throw ApplicationFailure.nonRetryable(
        'the pathway names a patient or practitioner that does not exist',
      );
    }
    const { dispatch } = input;
    // The recipient is part of the key: after a change of médecin traitant, the new one gets their own message.
    const messageId = stepMessageId(
      dispatch.purpose,
      `${dispatch.key}:${recipient}`,
      this.mss.address.split('@')[1],
    );
    const letterPatient = letterPatientOf(patient);
    const letterPractitioner = letterPractitionerOf(
      practitioner,
      cpts,
      this.mss.address,
      situation?.situation,
    );
    const to = [{ address: recipient, name: input.medecinTraitant.name }];
    const fromName = `${letterPractitioner.name} (${letterPractitioner.profession.toLowerCase()})`;

    let message: Outgoing;
    if (dispatch.purpose === 'referral') {
      if (!input.referral)
        throw ApplicationFailure.nonRetryable('a referral dispatch without its referral');
      const letter = referralLetter({
        patient: letterPatient,
        practitioner: letterPractitioner,
        recipientName: input.medecinTraitant.name,
        physician: input.referral.physician,
        reason: input.referral.reason,
        referredOn: input.referral.referredAt.slice(0, 10),
      });
      message = { ...letter, messageId, date: new Date(), to, fromName };
    } else {
      const document = await this.documents.withContent(dispatch.documentId as string);
      if (!document)
        throw ApplicationFailure.nonRetryable('the document of this dispatch is missing');
      const xdm = await this.xdmFor(input, recipient, messageId);
      const readable = await readableDocument(document, letterPatient, letterPractitioner);
      const filename = attachmentName(readable.fileName);
      const letter = documentLetter({
        documentKind: dispatch.purpose,
        documentTitle: document.title,
        documentDate: document.documentDate,
        attachmentName: filename,
        withXdm: xdm !== undefined,
        patient: letterPatient,
        practitioner: letterPractitioner,
        recipientName: input.medecinTraitant.name,
        ...(dispatch.correction ? { correction: true } : {}),
      });
      message = {
        ...letter,
        messageId,
        date: new Date(),
        to,
        fromName,
        document: {
          filename,
          mediaType: readable.mediaType,
          content: readable.content,
          hiddenFromPatient: document.hiddenFromPatient,
        },
        ...(xdm ? { xdm } : {}),
      };
    }

    let sent;
    try {
      sent = await this.mss.send(message);
    } catch (error) {
      return skipOrRetry(error);
    }
    const sentAt = new Date();
    await this.store.recordSent({
      messageId: sent.messageId,
      pathwayId: input.pathwayId,
      purpose: dispatch.purpose,
      subjectId: dispatch.documentId ?? dispatch.referralId ?? dispatch.key,
      recipient,
      sentAt,
    });
    return {
      outcome: 'sent',
      messageId: sent.messageId,
      recipient,
      sentAt: sentAt.toISOString(),
      alreadySent: sent.alreadySent,
    };
  }

  /** The médecin traitant's address: the pathway's, or the Annuaire Santé's for their RPPS. */
  private async recipientOf(input: SendToMedecinTraitantInput): Promise<string | MssSendOutcome> {
    if (input.medecinTraitant.mssAddress) return input.medecinTraitant.mssAddress;
    try {
      return await this.annuaire.mssAddressOf(input.medecinTraitant.rpps);
    } catch (error) {
      if (error instanceof MssError && error.code === 'DIRECTORY_NOT_FOUND') {
        return skipped('no_mss_address', error.message);
      }
      throw retryable(error);
    }
  }

  /**
   * The IHE XDM package, when the document can be described as a CDA (a
   * qualified INS, the author's structure, a format the CI-SIS knows);
   * otherwise the message carries the readable document alone, as MSSanté allows.
   */
  private async xdmFor(
    input: SendToMedecinTraitantInput,
    recipient: string,
    messageId: string,
  ): Promise<OutgoingMssMessage['xdm']> {
    const { dispatch } = input;
    const submission = await this.submissions.prepare({
      patientId: input.patientId,
      practitionerId: input.practitionerId,
      cptsId: input.cptsId,
      documentKind: dispatch.purpose as 'bilan_initial' | 'compte_rendu',
      documentId: dispatch.documentId as string,
      openedAt: input.openedAt,
      ...(input.careEndedOn ? { careEndedOn: input.careEndedOn } : {}),
    });
    if (isSubmissionProblem(submission)) return undefined;
    // Ids derived from the Message-ID: a retry builds the same package.
    const digest = createHash('sha256').update(messageId).digest('hex');
    try {
      const xdm = buildXdmPackage({
        submission,
        valueSets: this.valueSets,
        sourceId: this.runtime.dmp.sourceId,
        submissionSetUniqueId: `2.25.${BigInt(`0x${digest.slice(0, 32)}`).toString()}`,
        entryUUID: `urn:uuid:${uuidFrom(digest.slice(32))}`,
        submissionTime: submission.creationTime,
        intendedRecipients: [
          {
            address: recipient,
            rpps: input.medecinTraitant.rpps,
            name: input.medecinTraitant.name,
          },
        ],
        software: this.runtime.mss.software,
      });
      return { zip: xdm.zip, cdaCodes: [xdm.cdaCode], qualifiedIns: xdm.qualifiedIns };
    } catch {
      // A format the DMP's value sets do not list (a GIF): the readable document still goes.
      return undefined;
    }
  }
}

/**
 * The document as a mail client shows it: the file as attached, or for a
 * document written online a PDF rendering of its text (the XDM beside it
 * carries the text itself, in the CDA filed in the DMP).
 */
export async function readableDocument(
  document: DocumentRow,
  patient: LetterPatient,
  practitioner: LetterPractitioner,
): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
  if (!document.writtenOnline) {
    return {
      fileName: document.fileName,
      mediaType: document.mediaType,
      content: document.content,
    };
  }
  const content = await writtenDocumentPdf({
    title: document.title,
    kindLabel: document.kind === 'bilan_initial' ? 'Bilan initial' : 'Compte rendu',
    documentDate: document.documentDate,
    author: {
      name: practitioner.name,
      profession: practitioner.profession,
      ...(practitioner.structureName ? { structureName: practitioner.structureName } : {}),
    },
    patient: {
      name: `${patient.firstName} ${(patient.usedFamilyName ?? patient.birthFamilyName).toUpperCase()}`,
      birthDate: patient.birthDate,
    },
    text: document.content.toString('utf8'),
  });
  return {
    fileName: document.fileName.replace(/\.txt$/i, '') + '.pdf',
    mediaType: 'application/pdf',
    content,
  };
}

function skipped(reason: MssSkipReason, detail: string): MssSendOutcome {
  return { outcome: 'skipped', reason, detail };
}

/** What an MSSanté failure means for the dispatch; the operator being down is retried. */
function skipOrRetry(error: unknown): MssSendOutcome {
  if (error instanceof MssError) {
    switch (error.code) {
      case 'ADDRESS_REFUSED':
      case 'ADDRESS_INVALID':
      case 'NOT_ALLOWED':
      case 'MESSAGE_REFUSED':
        return skipped('address_refused', error.message);
      default:
        break;
    }
  }
  throw retryable(error);
}

/** A full mailbox, a certificate problem or an operator down: nothing a practitioner can do, try again. */
function retryable(error: unknown): ApplicationFailure {
  if (error instanceof MssError)
    return ApplicationFailure.retryable(error.message, `Mss${error.code}`);
  return ApplicationFailure.retryable(error instanceof Error ? error.message : String(error));
}

/** A version-4-shaped UUID from 32 hex digits. */
function uuidFrom(hex: string): string {
  const h = hex.padEnd(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
