import type { Schema } from '../../api/client';
import { parisDay } from '../../components/format';

/**
 * The answers of GET /pathways/{id}/dmp/documents[/{uniqueId}], as the API's
 * OpenAPI document describes them (apps/api/patient-dmp/patient-dmp.view.ts).
 */
export type PatientDmpDocuments = Schema<'PatientDmpDocuments'>;
export type PatientDmpDocument = Schema<'PatientDmpDocument'>;
export type DmpAccess = Schema<'DmpAccess'>;
export type DmpDocumentItem = Schema<'DmpDocumentItem'>;

/**
 * Not under ['pathway', id]: an action on the pathway invalidates that key,
 * and every reading of the DMP is a call to the DMP and a line of the audit.
 */
export function dmpDocumentsKey(pathwayId: string) {
  return ['patient-dmp', pathwayId] as const;
}

export function dmpDocumentKey(pathwayId: string, uniqueId: string) {
  return ['patient-dmp', pathwayId, uniqueId] as const;
}

/** How long before the renewal day the page starts saying so: a session or two ahead. */
export const RENEWAL_WARNING_DAYS = 30;

/**
 * Where the authorisation stands against its renewal day (`renewBy`, the last
 * day it holds): 'past' also when the DMP says it expired without a day.
 */
export type Renewal =
  | { state: 'unknown' }
  | { state: 'ok' | 'soon' | 'past'; renewBy: string | null; daysLeft: number | null };

export function renewalOf(
  access: Pick<DmpAccess, 'renewBy' | 'authorization'>,
  today: string = parisDay(),
): Renewal {
  if (!access.renewBy) {
    return access.authorization === 'expired'
      ? { state: 'past', renewBy: null, daysLeft: null }
      : { state: 'unknown' };
  }
  const daysLeft = Math.round(
    (Date.parse(`${access.renewBy}T12:00:00Z`) - Date.parse(`${today}T12:00:00Z`)) / 86_400_000,
  );
  const state =
    access.authorization === 'expired' || daysLeft < 0
      ? 'past'
      : daysLeft <= RENEWAL_WARNING_DAYS
        ? 'soon'
        : 'ok';
  return { state, renewBy: access.renewBy, daysLeft };
}

/** XDS statuses, as the registry may write them (bare or as the ebRIM URN). */
export function statusWords(status: string): string {
  if (/Approved$/.test(status)) return 'Version en vigueur';
  if (/Deprecated$/.test(status)) return 'Remplacé par une version plus récente';
  return status;
}

export const MEDIA_WORDS: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'image JPEG',
  'image/tiff': 'image TIFF',
  'text/plain': 'texte',
  'text/rtf': 'RTF',
  'text/xml': 'CDA structuré',
};
