import type { DataSource, EntityManager } from 'typeorm';
import { AuditAppend, chainHash } from './audit-hash';
import {
  AuditAnchor,
  AuditAnchorKey,
  AuditVerification,
  BrokenLink,
  ChainWalk,
  StoredAuditEvent,
  anchorProblem,
  signAnchor,
} from './audit-verification';
import { AuditEventRow, AuditEventSchema } from './schema/audit-event.schema';

export { type AuditAppend, canonicalJson, chainHash } from './audit-hash';
export * from './audit-verification';

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

  /**
   * One page of the events of some streams (a pathway's `pathway:` and `mss:`
   * streams, a CPTS's), oldest first, optionally between two Paris calendar
   * days (both included) and of some types only.
   */
  async page(
    streams: readonly string[],
    filter: AuditFilter,
    page: { page: number; pageSize: number },
  ): Promise<{ items: AuditEntry[]; total: number; page: number; pageSize: number }> {
    const params: unknown[] = [[...streams]];
    const where = ['stream = ANY($1::text[])'];
    if (filter.fromDay) {
      params.push(filter.fromDay);
      where.push(
        `occurred_at >= (($${params.length}::date)::timestamp AT TIME ZONE 'Europe/Paris')`,
      );
    }
    if (filter.toDay) {
      params.push(filter.toDay);
      where.push(
        `occurred_at < (($${params.length}::date + 1)::timestamp AT TIME ZONE 'Europe/Paris')`,
      );
    }
    if (filter.types && filter.types.length > 0) {
      params.push([...filter.types]);
      where.push(`type = ANY($${params.length}::text[])`);
    }
    const [{ total }] = await this.dataSource.query<{ total: string }[]>(
      `SELECT count(*) AS total FROM audit_events WHERE ${where.join(' AND ')}`,
      params,
    );
    const rows = await this.dataSource.query<RawEntry[]>(
      `SELECT stream, stream_seq, type, actor, occurred_at, recorded_at, payload, prev_hash, hash
         FROM audit_events WHERE ${where.join(' AND ')}
        ORDER BY occurred_at, id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.pageSize, (page.page - 1) * page.pageSize],
    );
    return {
      items: rows.map((row) => ({
        stream: row.stream,
        streamSeq: row.stream_seq,
        type: row.type,
        actor: row.actor,
        occurredAt: row.occurred_at,
        recordedAt: row.recorded_at,
        payload: row.payload,
        prevHash: row.prev_hash,
        hash: row.hash,
      })),
      total: Number(total),
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  /**
   * Checks every chain of the log, stream by stream in the database's order:
   * each event's position, its link to the one before and its hash
   * (recomputed here: PostgreSQL pages the events, a few thousand at a time,
   * and finds each chain's latest anchor and the hash now at the anchored
   * position); then the chain against its latest anchor (signed under one of
   * `keys`, anchored position still there with the anchored hash). Events
   * after the latest anchor are vouched for by the chain alone. Answers ok, or
   * the first broken link: in the first stream that has one, its chain's
   * first broken link, else the anchor's.
   */
  async verifyAll(
    keys: readonly AuditAnchorKey[],
    options: { streamsPerPage?: number; eventsPerBatch?: number } = {},
  ): Promise<AuditVerification> {
    const streamsPerPage = options.streamsPerPage ?? 200;
    const counts = { streams: 0, events: 0, anchoredStreams: 0 };
    let latestAnchorAt: Date | null = null;
    const result = (firstBroken?: BrokenLink): AuditVerification => {
      const common = {
        ...counts,
        latestAnchorAt: latestAnchorAt?.toISOString() ?? null,
        checkedAt: new Date().toISOString(),
      };
      return firstBroken ? { ok: false, firstBroken, ...common } : { ok: true, ...common };
    };
    for (let after = ''; ;) {
      // Streams of either table: a chain removed whole still has its anchors.
      const streams = (
        await this.dataSource.query<{ stream: string }[]>(
          `SELECT stream FROM (
             (SELECT DISTINCT stream FROM audit_events WHERE stream > $1 ORDER BY stream LIMIT $2)
             UNION
             (SELECT DISTINCT stream FROM audit_anchors WHERE stream > $1 ORDER BY stream LIMIT $2)
           ) s ORDER BY stream LIMIT $2`,
          [after, streamsPerPage],
        )
      ).map((row) => row.stream);
      if (streams.length === 0) return result();
      const walks = await this.walk(
        streams.map((stream) => ({ stream, afterSeq: 0, afterHash: null, uptoSeq: MAX_SEQ })),
        {
          batch: options.eventsPerBatch,
          whole: { first: streams[0], last: streams[streams.length - 1] },
        },
      );
      const anchors = await this.latestAnchors(streams);
      for (const stream of streams) {
        const walk = walks.get(stream) ?? new ChainWalk(stream);
        counts.streams += 1;
        counts.events += walk.events;
        const latest = anchors.get(stream);
        if (latest) {
          counts.anchoredStreams += 1;
          if (!latestAnchorAt || latest.anchor.anchoredAt > latestAnchorAt) {
            latestAnchorAt = latest.anchor.anchoredAt;
          }
        }
        const problem =
          walk.problem ??
          (latest &&
            anchorProblem(
              latest.anchor,
              { headSeq: walk.head.streamSeq, hashAtAnchor: latest.hashAtAnchor },
              keys,
            ));
        if (problem) return result(problem);
      }
      after = streams[streams.length - 1];
    }
  }

  /**
   * Signs the head of every chain that moved since its latest anchor, with
   * the first of `keys`, into `audit_anchors`. Idempotent: a head already
   * anchored is left as it is, and two runs at once write each anchor once.
   * A chain is anchored only once what is new in it checks out (linked to the
   * anchored head, every hash recomputed) and its latest anchor still holds:
   * a chain tampered with is refused, never blessed by a newer anchor, so
   * that verification keeps finding it.
   */
  async anchorHeads(
    keys: readonly AuditAnchorKey[],
    options: { now?: Date; streamsPerPage?: number; progress?: () => void } = {},
  ): Promise<AnchoringOutcome> {
    const [signWith] = keys;
    if (!signWith) throw new Error('anchoring needs a key (AUDIT_ANCHOR_KEY)');
    const now = options.now ?? new Date();
    const outcome: AnchoringOutcome = { streams: 0, anchored: 0, unchanged: 0, refused: [] };
    for (let after = ''; ;) {
      const heads = await this.dataSource.query<RawHead[]>(
        `SELECT s.stream, h.stream_seq AS head_seq, h.hash AS head_hash,
                a.stream_seq AS anchor_seq, a.hash AS anchor_hash, a.anchored_at, a.key_id, a.hmac,
                e.hash AS hash_at_anchor
           FROM (SELECT DISTINCT stream FROM audit_events WHERE stream > $1 ORDER BY stream LIMIT $2) s
           JOIN LATERAL (SELECT stream_seq, hash FROM audit_events x WHERE x.stream = s.stream
                          ORDER BY stream_seq DESC LIMIT 1) h ON true
           LEFT JOIN LATERAL (SELECT stream_seq, hash, anchored_at, key_id, hmac FROM audit_anchors y
                               WHERE y.stream = s.stream ORDER BY stream_seq DESC LIMIT 1) a ON true
           LEFT JOIN audit_events e ON e.stream = s.stream AND e.stream_seq = a.stream_seq
          ORDER BY s.stream`,
        [after, options.streamsPerPage ?? 200],
      );
      if (heads.length === 0) return outcome;
      outcome.streams += heads.length;
      const segments: Segment[] = [];
      for (const head of heads) {
        const anchor = anchorOf(head);
        if (anchor) {
          const problem = anchorProblem(
            anchor,
            { headSeq: head.head_seq, hashAtAnchor: head.hash_at_anchor },
            keys,
          );
          if (problem) {
            outcome.refused.push(problem);
          } else if (anchor.streamSeq === head.head_seq) {
            outcome.unchanged += 1;
          } else {
            segments.push({
              stream: head.stream,
              afterSeq: anchor.streamSeq,
              afterHash: anchor.hash,
              uptoSeq: head.head_seq,
            });
          }
        } else {
          segments.push({
            stream: head.stream,
            afterSeq: 0,
            afterHash: null,
            uptoSeq: head.head_seq,
          });
        }
      }
      const walks = await this.walk(segments);
      const fresh: AuditAnchor[] = [];
      for (const segment of segments) {
        const walk = walks.get(segment.stream) ?? new ChainWalk(segment.stream);
        const { streamSeq, hash } = walk.head;
        if (walk.problem) {
          outcome.refused.push(walk.problem);
        } else if (streamSeq !== segment.uptoSeq || hash === null) {
          // Events read a moment ago are gone: tampering under way, nothing to sign.
          outcome.refused.push({
            stream: segment.stream,
            streamSeq: streamSeq + 1,
            problem: 'gap',
            expected: segment.uptoSeq,
            found: streamSeq,
          });
        } else {
          fresh.push(signAnchor(signWith, { stream: segment.stream, streamSeq, hash }, now));
        }
      }
      if (fresh.length > 0) {
        const inserted = await this.dataSource.query<{ stream: string }[]>(
          `INSERT INTO audit_anchors (stream, stream_seq, hash, anchored_at, key_id, hmac)
           SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[], $5::text[], $6::text[])
           ON CONFLICT (stream, stream_seq) DO NOTHING
           RETURNING stream`,
          [
            fresh.map((a) => a.stream),
            fresh.map((a) => a.streamSeq),
            fresh.map((a) => a.hash),
            fresh.map((a) => a.anchoredAt.toISOString()),
            fresh.map((a) => a.keyId),
            fresh.map((a) => a.hmac),
          ],
        );
        outcome.anchored += inserted.length;
        outcome.unchanged += fresh.length - inserted.length;
      }
      options.progress?.();
      after = heads[heads.length - 1].stream;
    }
  }

  /** The latest anchor of each stream that has one, with the hash now at its position. */
  private async latestAnchors(
    streams: readonly string[],
  ): Promise<Map<string, { anchor: AuditAnchor; hashAtAnchor: string | null }>> {
    const rows = await this.dataSource.query<RawHead[]>(
      `SELECT s.stream, a.stream_seq AS anchor_seq, a.hash AS anchor_hash, a.anchored_at, a.key_id,
              a.hmac, e.hash AS hash_at_anchor
         FROM unnest($1::text[]) AS s(stream)
         JOIN LATERAL (SELECT stream_seq, hash, anchored_at, key_id, hmac FROM audit_anchors y
                        WHERE y.stream = s.stream ORDER BY stream_seq DESC LIMIT 1) a ON true
         LEFT JOIN audit_events e ON e.stream = s.stream AND e.stream_seq = a.stream_seq`,
      [[...streams]],
    );
    const anchors = new Map<string, { anchor: AuditAnchor; hashAtAnchor: string | null }>();
    for (const row of rows) {
      const anchor = anchorOf(row);
      if (anchor) anchors.set(row.stream, { anchor, hashAtAnchor: row.hash_at_anchor });
    }
    return anchors;
  }

  /**
   * Walks the events of each segment (a stream after a known point, up to a
   * position), fetched in the database's order a batch at a time, so that
   * memory holds one batch whatever the size of the log. Whole streams
   * (`whole`: the first and last of a page of streams) are read as one range
   * of the (stream, stream_seq) index.
   */
  private async walk(
    segments: readonly Segment[],
    options: { batch?: number; whole?: { first: string; last: string } } = {},
  ): Promise<Map<string, ChainWalk>> {
    const batch = options.batch ?? 2_000;
    const walks = new Map(
      segments.map((s) => [s.stream, new ChainWalk(s.stream, s.afterSeq, s.afterHash)]),
    );
    if (segments.length === 0) return walks;
    const columns = `e.event_id, e.stream, e.stream_seq, e.pathway_id, e.type, e.actor,
                     e.occurred_at, e.payload, e.prev_hash, e.hash`;
    const { whole } = options;
    for (let cursor: [string, number] = [whole?.first ?? '', 0]; ;) {
      const rows = whole
        ? await this.dataSource.query<RawEvent[]>(
            `SELECT ${columns} FROM audit_events e
              WHERE (e.stream, e.stream_seq) > ($1::text, $2::int) AND e.stream <= $3
              ORDER BY e.stream, e.stream_seq LIMIT $4`,
            [...cursor, whole.last, batch],
          )
        : await this.dataSource.query<RawEvent[]>(
            `SELECT ${columns}
               FROM unnest($1::text[], $2::int[], $3::int[]) AS w(stream, after_seq, upto_seq)
               JOIN audit_events e
                 ON e.stream = w.stream AND e.stream_seq > w.after_seq AND e.stream_seq <= w.upto_seq
              WHERE (e.stream, e.stream_seq) > ($4::text, $5::int)
              ORDER BY e.stream, e.stream_seq LIMIT $6`,
            [
              segments.map((s) => s.stream),
              segments.map((s) => s.afterSeq),
              segments.map((s) => s.uptoSeq),
              ...cursor,
              batch,
            ],
          );
      for (const row of rows) walks.get(row.stream)?.push(storedEvent(row));
      if (rows.length < batch) return walks;
      const last = rows[rows.length - 1];
      cursor = [last.stream, last.stream_seq];
    }
  }
}

/** Filters of a page of the log: Paris calendar days (YYYY-MM-DD, both included), event types. */
export interface AuditFilter {
  fromDay?: string;
  toDay?: string;
  types?: readonly string[];
}

/** One event of the log as the read routes give it. */
export interface AuditEntry {
  stream: string;
  streamSeq: number;
  type: string;
  actor: Record<string, unknown>;
  occurredAt: Date;
  recordedAt: Date;
  payload: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

/** What an anchoring round did: chains looked at, newly anchored, already anchored, refused (tampered). */
export interface AnchoringOutcome {
  streams: number;
  anchored: number;
  unchanged: number;
  refused: BrokenLink[];
}

/** Positions are PostgreSQL integers. */
const MAX_SEQ = 2_147_483_647;

interface Segment {
  stream: string;
  afterSeq: number;
  afterHash: string | null;
  uptoSeq: number;
}

interface RawEntry {
  stream: string;
  stream_seq: number;
  type: string;
  actor: Record<string, unknown>;
  occurred_at: Date;
  recorded_at: Date;
  payload: Record<string, unknown>;
  prev_hash: string | null;
  hash: string;
}

interface RawEvent extends Omit<RawEntry, 'recorded_at'> {
  event_id: string;
  pathway_id: string | null;
}

interface RawHead {
  stream: string;
  head_seq: number;
  head_hash: string;
  anchor_seq: number | null;
  anchor_hash: string | null;
  anchored_at: Date | null;
  key_id: string | null;
  hmac: string | null;
  hash_at_anchor: string | null;
}

function anchorOf(row: RawHead): AuditAnchor | undefined {
  if (row.anchor_seq === null || row.anchor_hash === null || row.anchored_at === null) {
    return undefined;
  }
  return {
    stream: row.stream,
    streamSeq: row.anchor_seq,
    hash: row.anchor_hash,
    anchoredAt: row.anchored_at,
    keyId: row.key_id ?? '',
    hmac: row.hmac ?? '',
  };
}

function storedEvent(row: RawEvent): StoredAuditEvent {
  return {
    eventId: row.event_id,
    stream: row.stream,
    streamSeq: row.stream_seq,
    pathwayId: row.pathway_id,
    type: row.type,
    actor: row.actor,
    occurredAt: row.occurred_at,
    payload: row.payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
