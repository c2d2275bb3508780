import { randomBytes } from 'node:crypto';
import { AuditAppend, chainHash } from './audit-hash';
import {
  AuditAnchorKey,
  AuditVerification,
  ChainWalk,
  StoredAuditEvent,
  anchorProblem,
  signAnchor,
  verificationLine,
} from './audit-verification';

const STREAM = 'pathway:5b1e4c9e-0000-4000-8000-000000000001';
const KEY: AuditAnchorKey = { id: 'k1', key: randomBytes(32) };

/** A chain as AuditLog.append writes it. */
function chain(length: number, stream = STREAM): StoredAuditEvent[] {
  const events: StoredAuditEvent[] = [];
  let prevHash: string | null = null;
  for (let seq = 1; seq <= length; seq += 1) {
    const event: AuditAppend = {
      eventId: `${stream}:${seq}`,
      stream,
      streamSeq: seq,
      type: seq === 1 ? 'opened' : 'referred',
      actor: { kind: 'user', id: '810000000001' },
      occurredAt: new Date(Date.UTC(2026, 10, 20, 9, seq)).toISOString(),
      payload: { n: seq, referral: { reason: 'Avis ORL', physician: { name: 'Dr ROUX' } } },
    };
    const hash = chainHash(prevHash, event);
    events.push({
      ...event,
      pathwayId: null,
      occurredAt: new Date(event.occurredAt),
      prevHash,
      hash,
    });
    prevHash = hash;
  }
  return events;
}

function walk(events: StoredAuditEvent[], from?: { seq: number; hash: string }): ChainWalk {
  const w = new ChainWalk(STREAM, from?.seq ?? 0, from?.hash ?? null);
  for (const event of events) w.push(event);
  return w;
}

describe('ChainWalk', () => {
  it('walks an intact chain to its head', () => {
    const events = chain(4);
    const w = walk(events);
    expect(w.problem).toBeUndefined();
    expect(w.events).toBe(4);
    expect(w.head).toEqual({ streamSeq: 4, hash: events[3].hash });
  });

  it('goes on from an anchored head', () => {
    const events = chain(5);
    expect(walk(events.slice(3), { seq: 3, hash: events[2].hash }).problem).toBeUndefined();
    expect(walk(events.slice(3), { seq: 3, hash: events[1].hash }).problem).toMatchObject({
      streamSeq: 4,
      problem: 'prev_hash_mismatch',
    });
  });

  it('names a content edited in place (hash_mismatch)', () => {
    const events = chain(4);
    events[2] = { ...events[2], payload: { n: 3, referral: { reason: 'falsifié' } } };
    expect(walk(events).problem).toEqual({
      stream: STREAM,
      streamSeq: 3,
      problem: 'hash_mismatch',
      expected: expect.stringMatching(/^[0-9a-f]{64}$/),
      found: events[2].hash,
    });
  });

  it('names an edit re-hashed without its successor (prev_hash_mismatch)', () => {
    const events = chain(4);
    const edited = { ...events[1], payload: { n: 2 } };
    edited.hash = chainHash(events[0].hash, {
      ...edited,
      pathwayId: undefined,
      occurredAt: edited.occurredAt.toISOString(),
    });
    events[1] = edited;
    expect(walk(events).problem).toEqual({
      stream: STREAM,
      streamSeq: 3,
      problem: 'prev_hash_mismatch',
      expected: edited.hash,
      found: events[2].prevHash,
    });
  });

  it('names a removed event (gap) by the missing position', () => {
    const events = chain(5);
    expect(walk([...events.slice(0, 2), ...events.slice(3)]).problem).toEqual({
      stream: STREAM,
      streamSeq: 3,
      problem: 'gap',
      expected: 3,
      found: 4,
    });
  });

  it('cannot see the newest events removed: that is for the anchor', () => {
    expect(walk(chain(5).slice(0, 3)).problem).toBeUndefined();
  });

  it('keeps the first problem only', () => {
    const events = chain(5);
    events[1] = { ...events[1], hash: 'f'.repeat(64) };
    events[3] = { ...events[3], hash: 'e'.repeat(64) };
    expect(walk(events).problem).toMatchObject({ streamSeq: 2, problem: 'hash_mismatch' });
  });
});

describe('anchors', () => {
  const events = chain(5);
  const anchor = signAnchor(
    KEY,
    { stream: STREAM, streamSeq: 5, hash: events[4].hash },
    new Date('2026-11-20T10:00:00.123Z'),
  );

  it('holds while the anchored event is still there with its hash', () => {
    expect(anchorProblem(anchor, { headSeq: 5, hashAtAnchor: events[4].hash }, [KEY])).toBe(
      undefined,
    );
    // Events after the anchor are the chain's to vouch for.
    expect(anchorProblem(anchor, { headSeq: 9, hashAtAnchor: events[4].hash }, [KEY])).toBe(
      undefined,
    );
  });

  it('finds the newest events removed below it (missing_after_anchor)', () => {
    expect(anchorProblem(anchor, { headSeq: 3, hashAtAnchor: null }, [KEY])).toEqual({
      stream: STREAM,
      streamSeq: 4,
      problem: 'missing_after_anchor',
      expected: 5,
      found: 3,
    });
    expect(anchorProblem(anchor, { headSeq: 0, hashAtAnchor: null }, [KEY])).toMatchObject({
      streamSeq: 1,
      problem: 'missing_after_anchor',
    });
  });

  it('finds a chain rewritten and hashed again (anchor_mismatch)', () => {
    expect(anchorProblem(anchor, { headSeq: 5, hashAtAnchor: 'a'.repeat(64) }, [KEY])).toEqual({
      stream: STREAM,
      streamSeq: 5,
      problem: 'anchor_mismatch',
      expected: events[4].hash,
      found: 'a'.repeat(64),
    });
  });

  it('believes no anchor it cannot verify: forged, altered, or under an unknown key', () => {
    const forged = signAnchor(
      { id: 'k1', key: randomBytes(32) },
      { stream: STREAM, streamSeq: 3, hash: events[2].hash },
      new Date(),
    );
    const chainNow = { headSeq: 3, hashAtAnchor: events[2].hash };
    expect(anchorProblem(forged, chainNow, [KEY])).toMatchObject({
      streamSeq: 3,
      problem: 'anchor_mismatch',
      detail: expect.stringMatching(/HMAC does not verify/),
    });
    const moved = { ...anchor, streamSeq: 3, hash: events[2].hash };
    expect(anchorProblem(moved, chainNow, [KEY])).toMatchObject({ problem: 'anchor_mismatch' });
    expect(anchorProblem(anchor, { headSeq: 5, hashAtAnchor: events[4].hash }, [])).toMatchObject({
      problem: 'anchor_mismatch',
      detail: expect.stringMatching(/key "k1", which is not among AUDIT_ANCHOR_KEY/),
    });
    // An older key still verifies the anchors it signed.
    const next: AuditAnchorKey = { id: 'k2', key: randomBytes(32) };
    expect(
      anchorProblem(anchor, { headSeq: 5, hashAtAnchor: events[4].hash }, [next, KEY]),
    ).toBeUndefined();
  });
});

describe('verificationLine', () => {
  const common = {
    streams: 3,
    events: 40,
    anchoredStreams: 2,
    latestAnchorAt: '2026-11-20T10:00:00.000Z',
    checkedAt: '2026-11-20T10:05:00.000Z',
  };

  it('says intact in one line', () => {
    const line = verificationLine({ ok: true, ...common });
    expect(line).toBe(
      'audit log intact: 3 streams, 40 events, 2 anchored (latest anchor 2026-11-20T10:00:00.000Z)',
    );
  });

  it('names the first broken link', () => {
    const result: AuditVerification = {
      ok: false,
      ...common,
      firstBroken: {
        stream: STREAM,
        streamSeq: 4,
        problem: 'missing_after_anchor',
        expected: 5,
        found: 3,
      },
    };
    const line = verificationLine(result);
    expect(line).toMatch(
      new RegExp(
        `^audit log BROKEN at ${STREAM} #4: missing_after_anchor \\(expected 5, found 3\\)`,
      ),
    );
    expect(line).not.toContain('\n');
  });
});
