import type { DocumentEntrySummary } from '@app/dmp';
import type { SeenDmpDocument } from '@app/persistence';

/** What the registry's entries say, in the engine's plain terms (lists, alerts). */

/** YYYYMMDD[hhmmss] (XDS time, UTC) → YYYY-MM-DD, or null when absent or unreadable. */
export function xdsDay(time: string | undefined): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(time ?? '');
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/** YYYYMMDDhhmmss (UTC) → an ISO instant; a day alone → that day at 00:00 UTC. */
export function xdsInstant(time: string | undefined): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?/.exec(time ?? '');
  if (!match) return null;
  const [, y, m, d, hh = '00', mm = '00', ss = '00'] = match;
  return `${y}-${m}-${d}T${hh}:${mm}:${ss}Z`;
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
