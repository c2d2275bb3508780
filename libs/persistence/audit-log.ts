import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEventRow, AuditEventSchema } from './schema/audit-event.schema';

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

export interface ChainCheck {
  ok: boolean;
  events: number;
  /** First position whose hash does not match its content or its predecessor. */
  brokenAt?: number;
}

/**
 * The append-only audit log. Each event carries the SHA-256 of its content and
 * of the previous event of its stream, so an edited or removed line shows when
 * the chain is checked; PostgreSQL triggers refuse UPDATE, DELETE and TRUNCATE.
 */
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends events inside the caller's transaction, stream by stream, in order.
   * Events a stream already holds (its position is taken) are skipped, so the
   * same batch sent twice is written once; returns how many were written.
   */
  async append(manager: EntityManager, events: readonly AuditAppend[]): Promise<number> {
    let written = 0;
    for (const stream of new Set(events.map((e) => e.stream))) {
      // One writer per stream at a time, so that the chain is read and extended atomically.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [stream]);
      const [last]: { stream_seq: number; hash: string }[] = await manager.query(
        'SELECT stream_seq, hash FROM audit_events WHERE stream = $1 ORDER BY stream_seq DESC LIMIT 1',
        [stream],
      );
      let seq = last?.stream_seq ?? 0;
      let prevHash: string | null = last?.hash ?? null;
      const fresh = events
        .filter((e) => e.stream === stream && e.streamSeq > seq)
        .sort((x, y) => x.streamSeq - y.streamSeq);
      const values: unknown[] = [];
      for (const event of fresh) {
        if (event.streamSeq !== seq + 1) {
          throw new Error(
            `audit stream ${stream} has no event ${event.streamSeq - 1} before ${event.streamSeq}`,
          );
        }
        const hash = chainHash(prevHash, event);
        values.push(
          event.eventId,
          stream,
          event.streamSeq,
          event.pathwayId ?? null,
          event.type,
          JSON.stringify(event.actor),
          event.occurredAt,
          JSON.stringify(event.payload),
          prevHash,
          hash,
        );
        prevHash = hash;
        seq = event.streamSeq;
      }
      if (fresh.length === 0) continue;
      const rows = fresh.map(
        (_, i) => `(${Array.from({ length: 10 }, (_, j) => `$${i * 10 + j + 1}`).join(', ')})`,
      );
      await manager.query(
        `INSERT INTO audit_events (event_id, stream, stream_seq, pathway_id, type, actor, occurred_at, payload, prev_hash, hash)
         VALUES ${rows.join(', ')}`,
        values,
      );
      written += fresh.length;
    }
    return written;
  }

  /**
   * Appends one event at the next position of its stream, inside the caller's
   * transaction: for writers that do not number their own events (the MSSanté
   * mailbox poll), beside streams whose writer does (the workflow).
   */
  async appendNext(manager: EntityManager, event: Omit<AuditAppend, 'streamSeq'>): Promise<void> {
    // The lock append() takes is re-entrant within the transaction: read and write stay atomic.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [event.stream]);
    const [last]: { stream_seq: number }[] = await manager.query(
      'SELECT stream_seq FROM audit_events WHERE stream = $1 ORDER BY stream_seq DESC LIMIT 1',
      [event.stream],
    );
    await this.append(manager, [{ ...event, streamSeq: (last?.stream_seq ?? 0) + 1 }]);
  }

  async stream(stream: string): Promise<AuditEventRow[]> {
    return this.dataSource
      .getRepository(AuditEventSchema)
      .find({ where: { stream }, order: { streamSeq: 'ASC' } });
  }

  /** Recomputes a stream's chain from its stored content. */
  async verify(stream: string): Promise<ChainCheck> {
    const rows = await this.stream(stream);
    let prevHash: string | null = null;
    for (const [index, row] of rows.entries()) {
      const expected = chainHash(prevHash, {
        eventId: row.eventId,
        stream: row.stream,
        streamSeq: row.streamSeq,
        pathwayId: row.pathwayId ?? undefined,
        type: row.type,
        actor: row.actor,
        occurredAt: row.occurredAt.toISOString(),
        payload: row.payload,
      });
      if (row.streamSeq !== index + 1 || row.prevHash !== prevHash || row.hash !== expected) {
        return { ok: false, events: rows.length, brokenAt: index + 1 };
      }
      prevHash = row.hash;
    }
    return { ok: true, events: rows.length };
  }
}

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
