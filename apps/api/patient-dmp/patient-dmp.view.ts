import type { DocumentEntrySummary, TestAuthorizationResponse } from '@app/dmp';
import { visibilityFromConfidentialityCodes } from '@app/dmp';
import { authorLabel, xdsInstant } from '../../shared/dmp-entries';

/** This practitioner's access to the patient's DMP, as TD0.2 says it and the policy reads it. */
export interface DmpAccess {
  dmpExists: boolean;
  /** valid: may read and file; expired / missing: ask the patient; forbidden: the patient refused. */
  authorization: 'valid' | 'expired' | 'missing' | 'forbidden';
  /** YYYY-MM-DD, when the patient last authorised this practitioner. */
  lastAuthorizationDate: string | null;
  /** YYYY-MM-DD, the day after which the authorisation must be asked again. */
  renewBy: string | null;
  /** The practitioner is the patient's "médecin traitant DMP". */
  treatingPhysician: boolean;
}

/** One document of the patient's DMP, as the registry describes it: no content. */
export interface DmpDocumentItem {
  uniqueId: string;
  title: string | null;
  typeCode: string | null;
  typeLabel: string | null;
  /** When the document was written (its creationTime), an ISO instant. */
  date: string | null;
  author: string | null;
  /** Approved, or Deprecated (a replaced version). */
  status: string;
  mediaType: string | null;
  hiddenFromPatient: boolean;
  hiddenFromProfessionals: boolean;
  hiddenFromLegalRepresentatives: boolean;
  /** Filed by this engine (one of the pathway's documents): the others are other authors'. */
  filedByEngine: boolean;
  href: string;
}

export interface PatientDmpDocuments {
  pathwayId: string;
  access: DmpAccess;
  /** Newest first. What the DMP hides from this practitioner is not here: it does not return it. */
  documents: DmpDocumentItem[];
}

export interface PatientDmpDocument {
  pathwayId: string;
  document: DmpDocumentItem;
  content: {
    mediaType: string;
    sizeBytes: number;
    /** The text itself, for a text/plain document (shown in the page). */
    text: string | null;
    /** The wrapped document, as its author filed it. */
    href: string;
    /** The CDA as the DMP returned it. */
    cdaHref: string;
  };
}

export function dmpAccessOf(
  status: TestAuthorizationResponse & { renewBy?: string; problem?: { code: string } },
): DmpAccess {
  const authorization: DmpAccess['authorization'] =
    status.status === 'INTERDIT'
      ? 'forbidden'
      : status.status === 'NON_EXISTE'
        ? 'missing'
        : status.status === 'EXPIRE' || status.problem?.code === 'AUTHORIZATION_EXPIRED'
          ? 'expired'
          : 'valid';
  return {
    dmpExists: status.dmpExists,
    authorization: status.dmpExists ? authorization : 'missing',
    lastAuthorizationDate: status.lastAuthorizationDate ?? null,
    renewBy: status.renewBy ?? null,
    treatingPhysician: status.treatingPhysician,
  };
}

export function dmpDocumentItem(
  pathwayId: string,
  entry: DocumentEntrySummary,
  engineUniqueIds: ReadonlySet<string>,
): DmpDocumentItem {
  const visibility = visibilityOf(entry);
  return {
    uniqueId: entry.uniqueId,
    title: entry.title ?? null,
    typeCode: entry.typeCode?.code ?? null,
    typeLabel: entry.typeCode?.displayName ?? null,
    date: xdsInstant(entry.creationTime),
    author: authorLabel(entry),
    status: entry.status,
    mediaType: entry.mediaType ?? null,
    ...visibility,
    filedByEngine: engineUniqueIds.has(entry.uniqueId),
    href: `/pathways/${pathwayId}/dmp/documents/${encodeURIComponent(entry.uniqueId)}`,
  };
}

/** The masks an entry carries; a combination the DMP would not accept is still shown as it is. */
function visibilityOf(entry: DocumentEntrySummary) {
  try {
    return visibilityFromConfidentialityCodes(entry.confidentialityCodes);
  } catch {
    const has = (code: string) => entry.confidentialityCodes.some((c) => c.code === code);
    return {
      hiddenFromPatient: has('INVISIBLE_PATIENT'),
      hiddenFromProfessionals: has('MASQUE_PS'),
      hiddenFromLegalRepresentatives: has('INVISIBLE_REPRESENTANTS_LEGAUX'),
    };
  }
}

/** Newest first; undated documents last. */
export function newestFirst(a: DmpDocumentItem, b: DmpDocumentItem): number {
  return (b.date ?? '').localeCompare(a.date ?? '');
}
