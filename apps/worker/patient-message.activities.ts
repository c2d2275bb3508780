import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { MssClient, MssError, type MssErrorCode, escapeHtml, patientMssAddress } from '@app/mss';
import {
  Directory,
  DocumentStore,
  MssStore,
  PathwayReadModel,
  PatientMessageStore,
  SituationStore,
} from '@app/persistence';
import type {
  PatientMessageActivities,
  PatientMessageInput,
  PatientMessageOutcome,
} from '@app/workflows';
import { attachmentName, letterPatientOf, letterPractitionerOf } from './mss-letters';
import { readableDocument } from './mss-sending.activities';

const REFUSED_FOR_GOOD: ReadonlySet<MssErrorCode> = new Set([
  'ADDRESS_INVALID',
  'ADDRESS_REFUSED',
  'MESSAGE_REFUSED',
  'NOT_ALLOWED',
]);

/**
 * Sends what a practitioner wrote to their patient, at the patient's Mon
 * espace santé address (`<INS>@patient.mssante.fr`), from the engine's
 * mailbox in the practitioner's name, with the documents they chose (each as
 * a mail client shows it). The rules are checked again here, at the last
 * moment: the patient's identity still qualified and the address still
 * theirs, no document hidden from the patient (compose refuses it too).
 */
@Injectable()
export class PatientMessageActivitiesProvider implements PatientMessageActivities {
  constructor(
    private readonly mss: MssClient,
    private readonly messages: PatientMessageStore,
    private readonly readModel: PathwayReadModel,
    private readonly directory: Directory,
    private readonly documents: DocumentStore,
    private readonly situations: SituationStore,
    private readonly mssStore: MssStore,
  ) {}

  async sendToPatient({ patientMessageId }: PatientMessageInput): Promise<PatientMessageOutcome> {
    const message = await this.messages.get(patientMessageId);
    if (!message || message.direction !== 'to_patient') {
      throw ApplicationFailure.nonRetryable('no such message to a patient');
    }
    if (message.status === 'failed') return { outcome: 'failed', reason: message.detail ?? '' };
    const pathway = await this.readModel.get(message.pathwayId);
    const [patient, practitioner] = await Promise.all([
      pathway && this.directory.patient(pathway.patientId),
      pathway && this.directory.practitioner(pathway.practitionerId),
    ]);
    if (!pathway || !patient || !practitioner) {
      throw ApplicationFailure.nonRetryable('the pathway of this message is gone');
    }
    const refusal =
      patient.identityStatus !== 'QUAL' || !patient.insMatricule
        ? "the patient's identity is no longer a qualified INS"
        : patientMssAddress(patient.insMatricule) !== message.patientAddress
          ? "the patient's INS changed since the message was written"
          : undefined;
    if (refusal) return this.failed(message.id, refusal);

    const [cpts, situation] = await Promise.all([
      this.directory.cpts(pathway.cptsId),
      this.situations.current(practitioner.id),
    ]);
    const author = letterPractitionerOf(practitioner, cpts, this.mss.address, situation?.situation);
    const attached = await Promise.all(
      message.documentIds.map(async (id) => {
        const document = await this.documents.withContent(id);
        if (!document || document.pathwayId !== message.pathwayId) return undefined;
        const readable = await readableDocument(document, letterPatientOf(patient), author);
        return {
          filename: attachmentName(readable.fileName),
          mediaType: readable.mediaType,
          content: readable.content,
          hiddenFromPatient: document.hiddenFromPatient,
        };
      }),
    );
    if (attached.some((d) => d === undefined)) {
      return this.failed(message.id, 'a document chosen for this message is no longer there');
    }
    try {
      const sent = await this.mss.send({
        messageId: message.messageId,
        date: message.createdAt,
        to: [{ address: message.patientAddress }],
        fromName: `${author.name} (${author.profession.toLowerCase()})`,
        subject: message.subject,
        text: `${message.body}\n\n${author.name}\n${author.profession}`,
        html: `<p>${escapeHtml(message.body).replace(/\n/g, '<br>')}</p><p>${escapeHtml(author.name)}<br>${escapeHtml(author.profession)}</p>`,
        documents: attached.filter((d) => d !== undefined),
        // The practitioner wrote it and asked for it to be sent: the only way a patient is written to.
        askedByPractitioner: true,
      });
      const at = new Date();
      await this.mssStore.recordSent({
        messageId: sent.messageId,
        pathwayId: message.pathwayId,
        purpose: 'patient_message',
        subjectId: message.id,
        recipient: message.patientAddress,
        sentAt: at,
      });
      await this.messages.markSent(message.id, at);
      return { outcome: 'sent', messageId: sent.messageId, alreadySent: sent.alreadySent };
    } catch (error) {
      // What the operator or the rules refuse for good is said on the message; anything else is retried.
      if (error instanceof MssError && REFUSED_FOR_GOOD.has(error.code)) {
        return this.failed(message.id, error.message);
      }
      throw ApplicationFailure.retryable(
        error instanceof Error ? error.message : String(error),
        error instanceof MssError ? `Mss${error.code}` : undefined,
      );
    }
  }

  private async failed(id: string, reason: string): Promise<PatientMessageOutcome> {
    await this.messages.markFailed(id, reason);
    return { outcome: 'failed', reason };
  }
}
