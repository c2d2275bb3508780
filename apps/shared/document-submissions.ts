import { Injectable } from '@nestjs/common';
import type { DocumentSubmission } from '@app/dmp';
import type { DocumentKind } from '@app/domain';
import { Directory, DocumentRow, DocumentStore, SituationStore } from '@app/persistence';
import { dmpAuthorOf, dmpPatientOf } from './dmp-identities';

/** What a pathway's document is, for a document submission. */
export interface SubmissionRequest {
  patientId: string;
  practitionerId: string;
  cptsId: string;
  documentKind: DocumentKind;
  documentId: string;
  /** The DMP id of the version this one replaces, for a replacement filing. */
  replacesDmpUniqueId?: string;
  openedAt: string;
  careEndedOn?: string;
}

/** Why a document cannot be described as a CDA/XDS submission yet: who must act. */
export interface SubmissionProblem {
  problem: 'identity' | 'correction';
  reason: string;
}

/**
 * Describes a pathway's document in the terms of the DMP's CDA and XDS
 * metadata, from PostgreSQL: the DMP filing sends it to the DMP, the MSSanté
 * message packs the same description into its IHE XDM archive, so that the
 * médecin traitant's software and the DMP file the same document identically.
 */
@Injectable()
export class DocumentSubmissions {
  constructor(
    private readonly documents: DocumentStore,
    private readonly directory: Directory,
    private readonly situations: SituationStore,
  ) {}

  async prepare(request: SubmissionRequest): Promise<DocumentSubmission | SubmissionProblem> {
    const [document, patient, practitioner, cpts, situation] = await Promise.all([
      this.documents.withContent(request.documentId),
      this.directory.patient(request.patientId),
      this.directory.practitioner(request.practitionerId),
      this.directory.cpts(request.cptsId),
      this.situations.current(request.practitionerId),
    ]);
    if (!document || !cpts) {
      return {
        problem: 'correction',
        reason: `the ${document ? 'CPTS' : 'document'} of this pathway is missing`,
      };
    }
    const dmpPatient = patient && dmpPatientOf(patient);
    if (!dmpPatient) {
      return {
        problem: 'identity',
        reason: `the patient's identity is not a qualified INS (${patient?.identityStatus ?? 'unknown'})`,
      };
    }
    const author = dmpAuthorOf(practitioner, situation?.situation);
    if (!author) {
      return {
        problem: 'correction',
        reason:
          "the practitioner's structure of exercise is not set (needed as the document's author)",
      };
    }
    const replaces = request.replacesDmpUniqueId;
    const root = replaces ? await this.firstVersion(document) : document;
    return {
      uniqueId: documentOid(document.id),
      setId: documentOid(root.id),
      // A version is a replacement only if an earlier one is in the DMP; otherwise it is filed as new.
      versionNumber: replaces ? document.versionNumber : 1,
      typeCode:
        request.documentKind === 'bilan_initial'
          ? cpts.bilanInitialTypeCode
          : cpts.compteRenduTypeCode,
      title: document.title,
      ...(document.comment ? { comment: document.comment } : {}),
      creationTime: document.createdAt,
      serviceStartTime: new Date(request.openedAt),
      ...(request.careEndedOn
        ? { serviceStopTime: careStopTime(request.careEndedOn, request.openedAt) }
        : {}),
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

/** A document's id in CDA and XDS: an OID derived from its UUID (ITU-T X.667), the same at every retry. */
export function documentOid(uuid: string): string {
  return `2.25.${BigInt(`0x${uuid.replace(/-/g, '')}`).toString()}`;
}

export function isSubmissionProblem(
  value: DocumentSubmission | SubmissionProblem,
): value is SubmissionProblem {
  return 'problem' in value;
}

/**
 * The end of care is a day; the pathway's opening is an instant. The stop
 * time is that day at noon UTC (the same calendar day in Paris, winter or
 * summer), but never before the opening: care ended on the day it began,
 * after noon, would otherwise be refused (stop before start).
 */
export function careStopTime(careEndedOn: string, openedAt: string): Date {
  const noon = new Date(`${careEndedOn}T12:00:00Z`);
  const opened = new Date(openedAt);
  return noon < opened ? opened : noon;
}
