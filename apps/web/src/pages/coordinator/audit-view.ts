/**
 * GET /cpts/{id}/audit and GET /audit/verification, copied from the API's
 * `apps/api/audit/audit.controller.ts` and
 * `libs/persistence/audit-verification.ts`.
 */

/** One event of an audit trail as the API gives it. */
export interface AuditEntryView {
  stream: string;
  streamSeq: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  /** Who did it, by national id (`{ kind: 'user', id: idNat_PS }`) or the engine. */
  actor: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The chain's hashes; left out of a view without clinical text. */
  hash?: string;
  prevHash?: string | null;
}

export interface AuditPage {
  items: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
  clinicalTextHidden: boolean;
}

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
