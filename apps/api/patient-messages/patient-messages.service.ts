import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DomainError } from '@app/domain';
import { endsConversation, patientMssAddress, stepMessageId } from '@app/mss';
import {
  Directory,
  DocumentStore,
  PathwayReadModel,
  type PatientMessageRow,
  PatientMessageStore,
  type PatientRow,
  conversationState,
} from '@app/persistence';
import {
  PATIENT_MESSAGE_WORKFLOW,
  type PatientMessageInput,
  patientMessageWorkflowId,
} from '@app/workflows';
import { ENGINE_RUNTIME, EngineRuntime } from '../../shared/engine-runtime';
import type { Principal } from '../auth/principal';
import { UserAuditTrail } from '../auth/user-audit-trail';
import { PathwaysService } from '../pathways/pathways.service';
import type { WritePatientMessageDto } from './patient-message.dto';
import type { PatientConversation, PatientMessageView } from './patient-conversation.view';

/** How long the API waits for Temporal to take the message before saying it is unavailable. */
const START_DEADLINE_MS = 10_000;

/**
 * The pathway's conversation with its patient over MSSanté, at their Mon
 * espace santé address (`<INS>@patient.mssante.fr`). Only the practitioner
 * writes first (a patient cannot start a conversation), only when the INS is
 * qualified (a wrong INS would reach a stranger), never with a document
 * hidden from the patient, and only when they ask: the engine never writes
 * to a patient by itself. `[FIN]` in the subject ends the conversation; a
 * new message opens it again. The message is recorded, then sent by a
 * workflow of its own (retried while the operator is unavailable).
 */
@Injectable()
export class PatientMessagesService {
  constructor(
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
    private readonly pathways: PathwaysService,
    private readonly readModel: PathwayReadModel,
    private readonly directory: Directory,
    private readonly documents: DocumentStore,
    private readonly messages: PatientMessageStore,
    private readonly trail: UserAuditTrail,
    private readonly temporal: Client,
  ) {}

  /**
   * The conversation, for the pathway's orthophoniste: their own correspondence
   * on their pathway, read like the pathway view (not audited at each read: the
   * page follows it every few seconds). What is written is audited.
   */
  async conversation(pathwayId: string, principal: Principal): Promise<PatientConversation> {
    return this.view(pathwayId, await this.patientOf(pathwayId, principal));
  }

  async write(
    pathwayId: string,
    dto: WritePatientMessageDto,
    principal: Principal,
  ): Promise<PatientConversation> {
    const patient = await this.patientOf(pathwayId, principal);
    const address = addressOf(patient);
    if (!address) throw new DomainError('conflict', cannotWrite(patient) as string);
    // Checked as sent (a problem names the position the client used), then kept once each.
    await this.checkDocuments(pathwayId, dto.documentIds ?? []);
    const documentIds = [...new Set(dto.documentIds ?? [])];

    const id = randomUUID();
    const messageId = stepMessageId(
      'patient_message',
      id,
      this.runtime.mss.client.mailbox.address.split('@')[1],
    );
    const ends = endsConversation(dto.subject);
    await this.messages.insertOutgoing({
      id,
      pathwayId,
      messageId,
      patientAddress: address,
      subject: dto.subject,
      body: dto.text.replace(/\r\n/g, '\n').trimEnd(),
      documentIds,
      endsConversation: ends,
      writtenBy: principal.idNatPs,
      createdAt: new Date(),
    });
    try {
      await this.temporal.withDeadline(Date.now() + START_DEADLINE_MS, () =>
        this.temporal.workflow.start(PATIENT_MESSAGE_WORKFLOW, {
          workflowId: patientMessageWorkflowId(id),
          taskQueue: this.runtime.temporal.taskQueue,
          args: [{ patientMessageId: id } satisfies PatientMessageInput],
        }),
      );
    } catch (error) {
      // Not taken: nothing will send it, so nothing is kept.
      await this.messages.discard(id);
      throw new DomainError(
        'unavailable',
        `the engine could not take the message (${(error as Error).name}): nothing was sent; try again`,
        [],
        30,
      );
    }
    await this.trail.record(
      principal.idNatPs,
      'patient_message_written',
      { patientMessageId: id, documents: documentIds.length, endsConversation: ends },
      pathwayId,
    );
    return this.view(pathwayId, patient);
  }

  /** Every document named must be this pathway's and visible to the patient; nothing is written otherwise. */
  private async checkDocuments(pathwayId: string, documentIds: readonly string[]): Promise<void> {
    if (documentIds.length === 0) return;
    const ofPathway = new Map((await this.documents.forPathway(pathwayId)).map((d) => [d.id, d]));
    const unknown = documentIds.flatMap((id, i) =>
      ofPathway.has(id)
        ? []
        : [{ field: `documentIds[${i}]`, problem: 'is not a document of this pathway' }],
    );
    if (unknown.length > 0) throw DomainError.invalidFields(unknown);
    const hidden = documentIds.flatMap((id, i) =>
      ofPathway.get(id)?.hiddenFromPatient
        ? [
            {
              field: `documentIds[${i}]`,
              problem:
                'is hidden from the patient (INVISIBLE_PATIENT): it is never sent to their mailbox',
            },
          ]
        : [],
    );
    if (hidden.length > 0) {
      throw new DomainError(
        'conflict',
        hidden.map((p) => `${p.field}: ${p.problem}`).join('; '),
        hidden,
      );
    }
  }

  private async view(pathwayId: string, patient: PatientRow): Promise<PatientConversation> {
    const [rows, documents] = await Promise.all([
      this.messages.conversation(pathwayId),
      this.documents.forPathway(pathwayId),
    ]);
    const titles = new Map(documents.map((d) => [d.id, d.title]));
    return {
      pathwayId,
      patientAddress: addressOf(patient) ?? null,
      state: conversationState(rows),
      cannotWrite: cannotWrite(patient) ?? null,
      messages: rows.map((row) => messageView(row, titles)),
      attachable: documents.map((d) => ({
        documentId: d.id,
        kind: d.kind,
        title: d.title,
        documentDate: d.documentDate,
        versionNumber: d.versionNumber,
        hiddenFromPatient: d.hiddenFromPatient,
      })),
    };
  }

  /** The pathway's patient; only its orthophoniste writes to them (coordinators do not). */
  private async patientOf(pathwayId: string, principal: Principal): Promise<PatientRow> {
    await this.pathways.authorize(pathwayId, principal, 'act');
    const row = await this.readModel.get(pathwayId);
    const patient = row && (await this.directory.patient(row.patientId));
    if (!patient) {
      throw new DomainError('conflict', 'the pathway is still being opened: try again in a moment');
    }
    return patient;
  }
}

/** The patient's Mon espace santé address, only from a qualified INS. */
function addressOf(patient: PatientRow): string | undefined {
  if (patient.identityStatus !== 'QUAL' || !patient.insMatricule) return undefined;
  return patientMssAddress(patient.insMatricule);
}

function cannotWrite(patient: PatientRow): string | undefined {
  if (addressOf(patient)) return undefined;
  return `the patient's INS is not qualified (${patient.identityStatus}): their Mon espace santé address (INS@patient.mssante.fr) may be used only once it is`;
}

function messageView(
  row: PatientMessageRow,
  titles: ReadonlyMap<string, string>,
): PatientMessageView {
  return {
    id: row.id,
    direction: row.direction,
    subject: row.subject,
    text: row.body,
    at: (row.direction === 'from_patient'
      ? (row.sentAt ?? row.createdAt)
      : row.createdAt
    ).toISOString(),
    status: row.status,
    detail: row.detail,
    endsConversation: row.endsConversation,
    afterEnd: row.afterEnd,
    documents: row.documentIds.map((documentId) => ({
      documentId,
      title: titles.get(documentId) ?? 'document',
    })),
  };
}
