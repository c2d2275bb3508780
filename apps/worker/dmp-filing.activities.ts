import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DmpClient, DmpError, DocumentSubmission } from '@app/dmp';
import { Directory, DocumentRow, DocumentStore } from '@app/persistence';
import type { DmpActivities, DmpFilingOutcome, FileInDmpInput } from '@app/workflows';
import { dmpAuthorOf, dmpPatientOf } from '../shared/dmp-identities';

type Waiting = Extract<DmpFilingOutcome, { outcome: 'waiting' }>;

/**
 * Files a pathway's document in the patient's DMP. Reads everything it needs
 * from PostgreSQL (the workflow passes ids only), builds the submission in the
 * DMP's terms, and reports an outcome: filed, skipped for good (no DMP), or
 * waiting for a person. Only an unreachable DMP is an error, so that Temporal
 * retries it with backoff and the document is never dropped.
 */
@Injectable()
export class DmpFilingActivities implements DmpActivities {
  constructor(
    private readonly dmp: DmpClient,
    private readonly documents: DocumentStore,
    private readonly directory: Directory,
  ) {}

  async fileInDmp(input: FileInDmpInput): Promise<DmpFilingOutcome> {
    const prepared = await this.submission(input);
    if ('outcome' in prepared) return prepared;
    try {
      const filed = await this.dmp.file(prepared, { authorizeFirst: input.authorizeFirst });
      return { outcome: 'filed', dmpUniqueId: filed.uniqueId, filedAt: new Date().toISOString() };
    } catch (error) {
      return outcomeOf(error);
    }
  }

  private async submission(input: FileInDmpInput): Promise<DocumentSubmission | Waiting> {
    const [document, patient, practitioner, cpts] = await Promise.all([
      this.documents.withContent(input.documentId),
      this.directory.patient(input.patientId),
      this.directory.practitioner(input.practitionerId),
      this.directory.cpts(input.cptsId),
    ]);
    if (!document || !cpts) {
      return waiting(
        'correction',
        `the ${document ? 'CPTS' : 'document'} of this pathway is missing`,
      );
    }
    const dmpPatient = patient && dmpPatientOf(patient);
    if (!dmpPatient) {
      return waiting(
        'identity',
        `the patient's identity is not a qualified INS (${patient?.identityStatus ?? 'unknown'})`,
      );
    }
    const author = dmpAuthorOf(practitioner);
    if (!author) {
      return waiting(
        'correction',
        "the practitioner's structure of exercise is not set (needed as the document's author)",
      );
    }
    const replaces = input.replacesDmpUniqueId;
    const root = replaces ? await this.firstVersion(document) : document;
    return {
      uniqueId: documentOid(document.id),
      setId: documentOid(root.id),
      // A version is a replacement only if an earlier one is in the DMP; otherwise it is filed as new.
      versionNumber: replaces ? document.versionNumber : 1,
      typeCode:
        input.documentKind === 'bilan_initial'
          ? cpts.bilanInitialTypeCode
          : cpts.compteRenduTypeCode,
      title: document.title,
      ...(document.comment ? { comment: document.comment } : {}),
      creationTime: document.createdAt,
      serviceStartTime: new Date(input.openedAt),
      ...(input.careEndedOn ? { serviceStopTime: new Date(`${input.careEndedOn}T12:00:00Z`) } : {}),
      content: { mediaType: document.mediaType, bytes: document.content },
      visibility: {
        hiddenFromPatient: document.hiddenFromPatient,
        hiddenFromProfessionals: document.hiddenFromProfessionals,
        hiddenFromLegalRepresentatives: document.hiddenFromLegalRepresentatives,
      },
      ...(replaces ? { replaces: { uniqueId: replaces } } : {}),
      patient: dmpPatient,
      author,
    };
  }

  /** The first version of a corrected document: its id gives the CDA setId shared by every version. */
  private async firstVersion(document: DocumentRow): Promise<{ id: string }> {
    let current: { id: string; replacesDocumentId: string | null } = document;
    while (current.replacesDocumentId) {
      const previous = await this.documents.metadata(current.replacesDocumentId);
      if (!previous) break;
      current = previous;
    }
    return current;
  }
}

/** The document's id in the DMP: an OID derived from its UUID (ITU-T X.667), the same at every retry. */
export function documentOid(uuid: string): string {
  return `2.25.${BigInt(`0x${uuid.replace(/-/g, '')}`).toString()}`;
}

/** What a DMP failure means for the pathway; an unreachable DMP is rethrown for Temporal to retry. */
export function outcomeOf(error: unknown): DmpFilingOutcome {
  if (!(error instanceof DmpError)) throw error;
  const reason = error.reason ? `${error.message}: ${error.reason}` : error.message;
  switch (error.code) {
    case 'UNAVAILABLE':
    case 'AUTHENTICATION_FAILED':
      // A certificate problem is fixed by an operator, not by the practitioner: keep trying.
      throw ApplicationFailure.retryable(error.message, `Dmp${error.code}`);
    case 'NO_DMP':
      return { outcome: 'skipped', reason: 'no_dmp', detail: error.message };
    case 'AUTHORIZATION_MISSING':
    case 'AUTHORIZATION_EXPIRED':
    case 'AUTHORIZATION_FORBIDDEN':
      return waiting('authorization', reason);
    case 'IDENTITY_NOT_QUALIFIED':
      return waiting('identity', reason);
    case 'DOCUMENT_REJECTED':
    case 'VALUE_NOT_IN_VALUE_SET':
    case 'FORBIDDEN_VISIBILITY':
    case 'INVALID_SUBMISSION':
      return waiting('correction', reason);
  }
}

function waiting(action: Waiting['action'], reason: string): Waiting {
  return { outcome: 'waiting', action, reason };
}
