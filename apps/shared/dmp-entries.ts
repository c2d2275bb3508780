import { type DocumentEntrySummary, parseXdsTime } from '@app/dmp';
import type { SeenDmpDocument } from '@app/persistence';

/** What the registry's entries say, in the engine's plain terms (lists, alerts). */

/** An XDS time (UTC, possibly truncated) as an ISO instant, or null when absent or malformed. */
export function xdsInstant(time: string | undefined): string | null {
  return (time && parseXdsTime(time)?.toISOString()) || null;
}

/** The same, as the UTC day it falls on (YYYY-MM-DD). */
export function xdsDay(time: string | undefined): string | null {
  return xdsInstant(time)?.slice(0, 10) ?? null;
}

/** "Dr Claire MARTIN (Médecin généraliste), Cabinet du Port", as far as the entry says. */
export function authorLabel(entry: DocumentEntrySummary): string | null {
  const author = entry.author;
  if (!author?.name) return null;
  const specialty = author.specialty ? ` (${author.specialty})` : '';
  const institution = author.institution ? `, ${author.institution}` : '';
  return `${author.name}${specialty}${institution}`;
}

export function seenDocument(entry: DocumentEntrySummary): SeenDmpDocument {
  return {
    dmpUniqueId: entry.uniqueId,
    typeCode: entry.typeCode?.code ?? null,
    typeLabel: entry.typeCode?.displayName ?? null,
    documentDate: xdsDay(entry.creationTime),
    author: authorLabel(entry),
  };
}
