import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, chainHash } from './audit-hash';

/**
 * What can be wrong with a chain of the audit log:
 * - `gap`: a position is missing inside the chain (`expected` the position, `found` the next one there);
 * - `prev_hash_mismatch`: an event does not point at the hash of the event before it;
 * - `hash_mismatch`: an event's content no longer gives its hash (edited in place);
 * - `missing_after_anchor`: the chain ends before the position its latest anchor signed
 *   (its newest events were removed; `expected` the anchored position, `found` the last one left);
 * - `anchor_mismatch`: the event at the anchored position is not the one signed (the chain was
 *   rewritten and re-hashed), or the anchor itself does not verify under the anchor key.
 */
export type BrokenLinkProblem =
  'hash_mismatch' | 'prev_hash_mismatch' | 'gap' | 'missing_after_anchor' | 'anchor_mismatch';

/** The first place a chain is broken, named by its stream and position. */
export interface BrokenLink {
  stream: string;
  streamSeq: number;
  problem: BrokenLinkProblem;
  expected?: string | number | null;
  found?: string | number | null;
  /** In words, when `expected`/`found` do not say it (an anchor whose signature fails). */
  detail?: string;
}

/** An HMAC key of the anchors, with the id anchors name it by (`AUDIT_ANCHOR_KEY`). */
export interface AuditAnchorKey {
  id: string;
  key: Buffer;
}

/** One event as stored: what its hash is recomputed from. */
export interface StoredAuditEvent {
  eventId: string;
  stream: string;
  streamSeq: number;
  pathwayId: string | null;
  type: string;
  actor: Record<string, unknown>;
  occurredAt: Date;
  payload: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

/** The head of a chain (its last position and hash) at a moment, signed under a key the database does not hold. */
export interface AuditAnchor {
  stream: string;
  streamSeq: number;
  hash: string;
  anchoredAt: Date;
  keyId: string;
  hmac: string;
}

/** HMAC-SHA-256 of everything an anchor states, in canonical JSON (so no field can be shifted into another). */
export function anchorHmac(key: Buffer, anchor: Omit<AuditAnchor, 'hmac'>): string {
  return createHmac('sha256', key)
    .update(
      canonicalJson({
        v: 1,
        stream: anchor.stream,
        streamSeq: anchor.streamSeq,
        hash: anchor.hash,
        anchoredAt: anchor.anchoredAt.toISOString(),
        keyId: anchor.keyId,
      }),
    )
    .digest('hex');
}

export function signAnchor(
  key: AuditAnchorKey,
  head: { stream: string; streamSeq: number; hash: string },
  anchoredAt: Date,
): AuditAnchor {
  const unsigned = { ...head, anchoredAt, keyId: key.id };
  return { ...unsigned, hmac: anchorHmac(key.key, unsigned) };
}

/** Why an anchor cannot be believed (not signed under one of `keys`), if it cannot. */
export function anchorSignatureProblem(
  anchor: AuditAnchor,
  keys: readonly AuditAnchorKey[],
): BrokenLink | undefined {
  const key = keys.find((k) => k.id === anchor.keyId);
  const broken = (detail: string): BrokenLink => ({
    stream: anchor.stream,
    streamSeq: anchor.streamSeq,
    problem: 'anchor_mismatch',
    detail,
  });
  if (!key) {
    return broken(
      `the anchor is signed with key "${anchor.keyId}", which is not among AUDIT_ANCHOR_KEY`,
    );
  }
  const expected = Buffer.from(anchorHmac(key.key, anchor), 'hex');
  const found = Buffer.from(anchor.hmac, 'hex');
  if (found.length !== expected.length || !timingSafeEqual(found, expected)) {
    return broken(
      "the anchor's HMAC does not verify under AUDIT_ANCHOR_KEY: forged, altered, or signed with another key",
    );
  }
  return undefined;
}

/**
 * Compares a chain with its latest anchor: the anchor must verify, and the
 * anchored position must still hold the anchored hash. `headSeq` is the
 * chain's last position (0 when it has none left); `hashAtAnchor` the hash
 * now at the anchored position (null when there is none).
 */
export function anchorProblem(
  anchor: AuditAnchor,
  chain: { headSeq: number; hashAtAnchor: string | null },
  keys: readonly AuditAnchorKey[],
): BrokenLink | undefined {
  const unsigned = anchorSignatureProblem(anchor, keys);
  if (unsigned) return unsigned;
  if (chain.headSeq < anchor.streamSeq || chain.hashAtAnchor === null) {
    return {
      stream: anchor.stream,
      streamSeq: chain.headSeq + 1,
      problem: 'missing_after_anchor',
      expected: anchor.streamSeq,
      found: chain.headSeq,
    };
  }
  if (chain.hashAtAnchor !== anchor.hash) {
    return {
      stream: anchor.stream,
      streamSeq: anchor.streamSeq,
      problem: 'anchor_mismatch',
      expected: anchor.hash,
      found: chain.hashAtAnchor,
    };
  }
  return undefined;
}

/**
 * Walks one stream's events in order, from its start or from a point already
 * known good (an anchored head), and keeps the first broken link: a missing
 * position, a link to the wrong predecessor, a content that no longer gives
 * its hash. Events are pushed in batches; nothing but the last hash is kept.
 */
export class ChainWalk {
  /** Events pushed so far. */
  events = 0;
  problem?: BrokenLink;

  constructor(
    readonly stream: string,
    private lastSeq = 0,
    private lastHash: string | null = null,
  ) {}

  /** The last position walked and its hash (where the walk started, before any event). */
  get head(): { streamSeq: number; hash: string | null } {
    return { streamSeq: this.lastSeq, hash: this.lastHash };
  }

  push(event: StoredAuditEvent): void {
    this.events += 1;
    if (this.problem) return;
    this.problem = this.linkProblem(event);
    this.lastSeq = event.streamSeq;
    this.lastHash = event.hash;
  }

  private linkProblem(event: StoredAuditEvent): BrokenLink | undefined {
    const at = { stream: this.stream, streamSeq: event.streamSeq };
    if (event.streamSeq !== this.lastSeq + 1) {
      return {
        stream: this.stream,
        streamSeq: this.lastSeq + 1,
        problem: 'gap',
        expected: this.lastSeq + 1,
        found: event.streamSeq,
      };
    }
    if (event.prevHash !== this.lastHash) {
      return {
        ...at,
        problem: 'prev_hash_mismatch',
        expected: this.lastHash,
        found: event.prevHash,
      };
    }
    const expected = chainHash(this.lastHash, {
      eventId: event.eventId,
      stream: event.stream,
      streamSeq: event.streamSeq,
      pathwayId: event.pathwayId ?? undefined,
      type: event.type,
      actor: event.actor,
      occurredAt: event.occurredAt.toISOString(),
      payload: event.payload,
    });
    if (expected !== event.hash) {
      return { ...at, problem: 'hash_mismatch', expected, found: event.hash };
    }
    return undefined;
  }
}

/** What a check of every chain found. */
export type AuditVerification = {
  /** Streams and events looked at (up to the first broken link, when there is one). */
  streams: number;
  events: number;
  /** Streams that have an anchor, and the time of the latest anchor (a stale one means anchoring stopped). */
  anchoredStreams: number;
  latestAnchorAt: string | null;
  checkedAt: string;
} & ({ ok: true } | { ok: false; firstBroken: BrokenLink });

/** The one line `npm run audit:verify` prints. */
export function verificationLine(result: AuditVerification): string {
  const counts = `${result.streams} streams, ${result.events} events, ${result.anchoredStreams} anchored (latest anchor ${result.latestAnchorAt ?? 'none'})`;
  if (result.ok) return `audit log intact: ${counts}`;
  const { stream, streamSeq, problem, expected, found, detail } = result.firstBroken;
  const facts = [
    expected !== undefined ? `expected ${String(expected)}` : undefined,
    found !== undefined ? `found ${String(found)}` : undefined,
    detail,
  ].filter((fact) => fact !== undefined);
  return `audit log BROKEN at ${stream} #${streamSeq}: ${problem}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}; checked ${counts}`;
}
