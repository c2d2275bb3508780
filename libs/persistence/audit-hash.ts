import { createHash } from 'node:crypto';

/** An event to append to a stream of the audit log (a pathway's stream: `pathway:<id>`). */
export interface AuditAppend {
  /** Unique and stable across retries: appending the same event twice writes it once. */
  eventId: string;
  stream: string;
  /** Position in the stream, from 1, without gaps. */
  streamSeq: number;
  pathwayId?: string;
  type: string;
  actor: Record<string, unknown>;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** The hash of an event, chained to the previous event of its stream (null for the first). */
export function chainHash(prevHash: string | null, event: AuditAppend): string {
  const content = canonicalJson({
    eventId: event.eventId,
    stream: event.stream,
    streamSeq: event.streamSeq,
    pathwayId: event.pathwayId ?? null,
    type: event.type,
    actor: event.actor,
    occurredAt: new Date(event.occurredAt).toISOString(),
    payload: event.payload,
  });
  return createHash('sha256')
    .update(`${prevHash ?? ''}\n${content}`)
    .digest('hex');
}

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
