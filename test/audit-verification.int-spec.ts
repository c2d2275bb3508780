import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import {
  AuditLog,
  ScratchDatabase,
  chainHash,
  createDataSource,
  createScratchDatabase,
  runMigrations,
} from '@app/persistence';
import { runAuditVerification } from '../apps/audit/verification';
import type { PathwayView } from '../apps/api/pathways/pathway.view';
import { AuditAnchoringRound } from '../apps/worker/audit-anchoring.activities';
import { auditAnchoringTaskQueue, auditAnchoringWorkflowId } from '../workflows/audit/definitions';
import {
  TestEngine,
  TestReferences,
  actAs,
  administratorSession,
  coordinatorSession,
  httpAs,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestEngine,
  startTestWorker,
  testRuntime,
  testSessionCookie,
  today,
  waitFor,
} from './support/harness';
import { testEnvironment } from './support/test-environment';

const KEY = randomBytes(32);
const ANCHOR_KEY_ENV = `test:${KEY.toString('base64')}`;

/** What the orthophoniste wrote, which a coordinator without document access must not read. */
const SECRETS = {
  title: 'Bilan — bégaiement sévère, contexte familial difficile',
  referral: 'Avis ORL : suspicion de surdité de transmission',
};

interface AuditRow {
  id: string;
  event_id: string;
  stream: string;
  stream_seq: number;
  pathway_id: string | null;
  type: string;
  actor: Record<string, unknown>;
  occurred_at: Date;
  recorded_at: Date;
  payload: Record<string, unknown>;
  prev_hash: string | null;
  hash: string;
}

/**
 * The audit log checked end to end, on a database of its own (the check
 * covers every chain of the database, and this file breaks chains on
 * purpose): the trails read over HTTP by whoever may, the chains' heads
 * anchored by the anchoring workflow, and the verification (HTTP and the
 * function of `npm run audit:verify`) finding what a database owner who
 * disables the triggers does: removing a chain's newest events, rewriting a
 * chain and hashing it again, forging an anchor.
 */
describe('an audit trail one can check', () => {
  let scratch: ScratchDatabase;
  let db: DataSource;
  let engine: TestEngine;
  let refs: TestReferences;
  let sessions: Record<
    'orthophoniste' | 'coordinator' | 'otherOrthophoniste' | 'otherCoordinator' | 'administrator',
    string
  >;
  let pathwayId: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase(testEnvironment().databaseUrl, 'acces_direct_audit');
    db = await createDataSource({ url: scratch.url }).initialize();
    await runMigrations(db);
    const runtime = testRuntime();
    engine = await startTestEngine({
      databaseUrl: scratch.url,
      // A round every second, so that the test sees rounds after each change.
      audit: { anchorKeys: [{ id: 'test', key: KEY }], anchorEveryMs: 1_000 },
      // This database's mailbox cursor starts at zero: one read of the shared sandbox mailbox is enough.
      mss: { ...runtime.mss, pollEveryMs: 3_600_000 },
    });
    const other = await seedReferences(db);
    refs = await seedReferences(db);
    sessions = {
      orthophoniste: refs.session,
      coordinator: await coordinatorSession(db, refs.cptsId),
      otherOrthophoniste: await testSessionCookie(db),
      otherCoordinator: await coordinatorSession(db, other.cptsId),
      administrator: await administratorSession(db),
    };
    pathwayId = await pathwayWithEvents();
    // The engine's mailbox poll writes MSSanté acknowledgments to the pathway's `mss:` stream.
    await db.transaction((manager) =>
      new AuditLog(db).appendNext(manager, {
        eventId: `mss:${pathwayId}:test:mss_delivered`,
        stream: `mss:${pathwayId}`,
        pathwayId,
        type: 'mss_delivered',
        actor: { kind: 'system', id: 'mss-mailbox' },
        occurredAt: new Date().toISOString(),
        payload: { messageId: '<test@acces-direct>', action: 'delivered' },
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    await db?.destroy();
    await scratch?.drop();
  });

  const as = (who: keyof typeof sessions) => httpAs(engine, sessions[who])();

  /** A pathway with a few events (opened, bilan with a title, referral with a reason), all recorded. */
  async function pathwayWithEvents(): Promise<string> {
    actAs(refs);
    const id = (
      await engine
        .http()
        .post('/pathways')
        .send(
          openingBody(refs, { medecinTraitant: { declared: false }, consentementDmp: 'refused' }),
        )
        .expect(201)
    ).body.id as string;
    await engine
      .http()
      .post(`/pathways/${id}/bilan-initial`)
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field('title', SECRETS.title)
      .field('documentDate', today())
      .expect(200);
    await engine
      .http()
      .post(`/pathways/${id}/referrals`)
      .send({ physician: { name: 'Dr Paul ROUX' }, reason: SECRETS.referral })
      .expect(200);
    await waitFor(`pathway ${id} recorded`, async () => {
      const view = (await engine.http().get(`/pathways/${id}`).expect(200)).body as PathwayView;
      return view.history.length > 0 && view.recordedUpTo === view.history.at(-1)?.seq;
    });
    return id;
  }

  async function rows(stream: string): Promise<AuditRow[]> {
    return db.query<AuditRow[]>(
      'SELECT * FROM audit_events WHERE stream = $1 ORDER BY stream_seq',
      [stream],
    );
  }

  async function anchorCount(stream: string): Promise<number> {
    const [{ count }] = await db.query<{ count: string }[]>(
      'SELECT count(*) FROM audit_anchors WHERE stream = $1',
      [stream],
    );
    return Number(count);
  }

  async function latestAnchor(stream: string) {
    const [anchor] = await db.query<{ stream_seq: number; hash: string }[]>(
      'SELECT stream_seq, hash FROM audit_anchors WHERE stream = $1 ORDER BY stream_seq DESC LIMIT 1',
      [stream],
    );
    return anchor;
  }

  /** Waits for the anchoring workflow to sign the stream's head as it is now. */
  async function anchoredHead(stream: string): Promise<{ stream_seq: number; hash: string }> {
    const head = (await rows(stream)).at(-1)!;
    return waitFor(`the head of ${stream} anchored`, async () => {
      const anchor = await latestAnchor(stream);
      return anchor?.stream_seq === head.stream_seq ? anchor : undefined;
    });
  }

  /**
   * Waits for an anchoring round that started after now: an event in a stream
   * of its own gets anchored (rounds take every stream, in one pass).
   */
  async function aRoundLater(): Promise<void> {
    const marker = `test:marker-${randomUUID()}`;
    await db.transaction((manager) =>
      new AuditLog(db).append(manager, [
        {
          eventId: `${marker}:1`,
          stream: marker,
          streamSeq: 1,
          type: 'marker',
          actor: { kind: 'system', id: 'test' },
          occurredAt: new Date().toISOString(),
          payload: {},
        },
      ]),
    );
    await anchoredHead(marker);
  }

  /** As a database owner could: with the append-only triggers out of the way. */
  async function asDatabaseOwner(change: (manager: EntityManager) => Promise<void>): Promise<void> {
    await db.transaction(async (manager) => {
      await manager.query('SET LOCAL session_replication_role = replica');
      await change(manager);
    });
  }

  async function verification() {
    return (await as('administrator').get('/audit/verification').expect(200)).body;
  }

  const script = () =>
    runAuditVerification({ DATABASE_URL: scratch.url, AUDIT_ANCHOR_KEY: ANCHOR_KEY_ENV });

  describe('reading', () => {
    it("gives the orthophoniste their pathway's trail, both streams, with the clinical text and the hashes", async () => {
      const page = (await as('orthophoniste').get(`/pathways/${pathwayId}/audit`).expect(200)).body;
      const types = page.items.map((e: { type: string }) => e.type);
      expect(types).toEqual(
        expect.arrayContaining(['opened', 'document_received', 'referred', 'mss_delivered']),
      );
      expect(page).toMatchObject({ page: 1, pageSize: 20, clinicalTextHidden: false });
      expect(page.total).toBe(
        (await rows(`pathway:${pathwayId}`)).length + (await rows(`mss:${pathwayId}`)).length,
      );
      const streams = new Set(page.items.map((e: { stream: string }) => e.stream));
      expect(streams).toEqual(new Set([`pathway:${pathwayId}`, `mss:${pathwayId}`]));
      const text = JSON.stringify(page.items);
      expect(text).toContain(SECRETS.title);
      expect(text).toContain(SECRETS.referral);
      const received = page.items.find((e: { type: string }) => e.type === 'document_received');
      expect(received).toMatchObject({
        stream: `pathway:${pathwayId}`,
        actor: { kind: 'user', id: `8${refs.rpps}` },
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      // Oldest first.
      const times = page.items.map((e: { occurredAt: string }) => e.occurredAt);
      expect([...times].sort()).toEqual(times);
    });

    it("gives the CPTS's coordinator the trail without clinical text (nor the hashes that would let one guess it), until the CPTS opens its documents", async () => {
      const page = (await as('coordinator').get(`/pathways/${pathwayId}/audit`).expect(200)).body;
      expect(page.clinicalTextHidden).toBe(true);
      const text = JSON.stringify(page);
      expect(text).not.toContain(SECRETS.title);
      expect(text).not.toContain(SECRETS.referral);
      expect(text).not.toMatch(/"hash"|"prevHash"/);
      expect(
        page.items.find((e: { type: string }) => e.type === 'document_received'),
      ).toMatchObject({ payload: { document: { title: '[masqué]', sha256: expect.any(String) } } });
      expect(page.items.find((e: { type: string }) => e.type === 'referred')).toMatchObject({
        payload: { referral: { reason: '[masqué]', physician: { name: 'Dr Paul ROUX' } } },
      });

      await as('administrator')
        .patch(`/cpts/${refs.cptsId}`)
        .send({ coordinatorsReadDocuments: true })
        .expect(200);
      try {
        const open = (await as('coordinator').get(`/pathways/${pathwayId}/audit`).expect(200)).body;
        expect(open.clinicalTextHidden).toBe(false);
        expect(JSON.stringify(open.items)).toContain(SECRETS.title);
      } finally {
        await as('administrator')
          .patch(`/cpts/${refs.cptsId}`)
          .send({ coordinatorsReadDocuments: false })
          .expect(200);
      }
    });

    it('is not found for another orthophoniste, another CPTS’s coordinator, an administrator, or an unknown pathway', async () => {
      for (const who of ['otherOrthophoniste', 'otherCoordinator', 'administrator'] as const) {
        const answer = await as(who).get(`/pathways/${pathwayId}/audit`);
        expect(`${who} → ${answer.status}`).toBe(`${who} → 404`);
        expect(JSON.stringify(answer.body)).not.toContain(SECRETS.title);
      }
      await as('orthophoniste').get(`/pathways/${randomUUID()}/audit`).expect(404);
    });

    it('filters by type and by day, and pages', async () => {
      const url = `/pathways/${pathwayId}/audit`;
      const all = (await as('orthophoniste').get(url).query({ pageSize: 100 }).expect(200)).body;
      expect(all.items.length).toBeGreaterThanOrEqual(4);

      const referred = (await as('orthophoniste').get(url).query({ type: 'referred' }).expect(200))
        .body;
      expect(referred.items.map((e: { type: string }) => e.type)).toEqual(['referred']);
      const two = (
        await as('orthophoniste').get(url).query({ type: 'referred,opened' }).expect(200)
      ).body;
      expect(two.items.map((e: { type: string }) => e.type)).toEqual(['opened', 'referred']);

      const second = (
        await as('orthophoniste').get(url).query({ page: 2, pageSize: 2 }).expect(200)
      ).body;
      expect(second).toMatchObject({ page: 2, pageSize: 2, total: all.total });
      expect(second.items).toEqual(all.items.slice(2, 4));

      const day = today();
      const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
      const within = (await as('orthophoniste').get(url).query({ from: day, to: day })).body;
      expect(within.total).toBe(all.total);
      expect((await as('orthophoniste').get(url).query({ from: tomorrow })).body.total).toBe(0);
      expect((await as('orthophoniste').get(url).query({ to: yesterday })).body.total).toBe(0);
    });

    it('answers 400 naming the field for a bad from, to, type or page size', async () => {
      const url = `/pathways/${pathwayId}/audit`;
      const cases: [Record<string, string>, string][] = [
        [{ from: '2026-13-01' }, 'from'],
        [{ from: 'yesterday' }, 'from'],
        [{ to: '2026-02-30' }, 'to'],
        [{ from: '2026-11-02', to: '2026-11-01' }, 'to'],
        [{ type: 'DROP TABLE' }, 'type'],
        [{ pageSize: '1000' }, 'pageSize'],
        [{ page: '0' }, 'page'],
      ];
      for (const [query, field] of cases) {
        const answer = await as('orthophoniste').get(url).query(query).expect(400);
        expect(answer.body.problems.map((p: { field: string }) => p.field)).toEqual([field]);
      }
    });

    it("gives a CPTS's own trail to its coordinators and the administrators, and nobody else", async () => {
      const url = `/cpts/${refs.cptsId}/audit`;
      for (const who of ['coordinator', 'administrator'] as const) {
        const page = (await as(who).get(url).expect(200)).body;
        const types = page.items.map((e: { type: string }) => e.type);
        expect(types).toEqual(expect.arrayContaining(['coordinator_granted']));
        expect(new Set(page.items.map((e: { stream: string }) => e.stream))).toEqual(
          new Set([`cpts:${refs.cptsId}`]),
        );
      }
      const settings = (
        await as('coordinator').get(url).query({ type: 'cpts_settings_changed' }).expect(200)
      ).body;
      expect(settings.items.map((e: { payload: object }) => e.payload)).toEqual([
        { coordinatorsReadDocuments: true },
        { coordinatorsReadDocuments: false },
      ]);
      for (const who of ['orthophoniste', 'otherOrthophoniste', 'otherCoordinator'] as const) {
        const answer = await as(who).get(url);
        expect(`${who} → ${answer.status}`).toBe(`${who} → 404`);
      }
      await as('administrator').get(`/cpts/${randomUUID()}/audit`).expect(404);
      await as('administrator').get(url).query({ from: 'hier' }).expect(400);
    });
  });

  describe('anchoring and verification', () => {
    it('is started once by the workers: a second worker keeps the running workflow', async () => {
      const { taskQueue } = engine.runtime.temporal;
      const handle = engine.client.workflow.getHandle(auditAnchoringWorkflowId(taskQueue));
      const before = await handle.describe();
      expect(before.status.name).toBe('RUNNING');
      expect(before.taskQueue).toBe(auditAnchoringTaskQueue(taskQueue));
      // Its start asks for the workflow; closing it waits for that request to be answered.
      const second = await startTestWorker(engine.runtime);
      await second.close();
      const after = await handle.describe();
      expect(after.status.name).toBe('RUNNING');
      expect(after.runId).toBe(before.runId);
    });

    it('anchors every chain, and finds it intact over HTTP and with `npm run audit:verify`', async () => {
      await anchoredHead(`pathway:${pathwayId}`);
      await anchoredHead(`mss:${pathwayId}`);
      await aRoundLater();
      const result = await waitFor('every chain anchored', async () => {
        const r = await verification();
        return r.anchoredStreams === r.streams ? r : undefined;
      });
      expect(result).toMatchObject({ ok: true, latestAnchorAt: expect.any(String) });
      expect(result.streams).toBeGreaterThanOrEqual(6);
      expect(result.events).toBeGreaterThan(result.streams);

      // The activity is idempotent: nothing moved, so another round anchors nothing.
      const round = await engine.worker.get(AuditAnchoringRound).anchorAuditChains();
      expect(round).toMatchObject({ anchored: 0, refused: [], refusedCount: 0, nextInMs: 1_000 });
      expect(round.unchanged).toBe(round.streams);

      expect(await script()).toEqual({
        exitCode: 0,
        line: expect.stringMatching(/^audit log intact: \d+ streams, \d+ events, \d+ anchored/),
      });
      // Without the anchors' key the check is not made, rather than made halfway.
      const dataDir = await mkdtemp(join(tmpdir(), 'audit-verify-'));
      try {
        expect(
          await runAuditVerification({ DATABASE_URL: scratch.url, DATA_DIR: dataDir }),
        ).toEqual({ exitCode: 2, line: expect.stringMatching(/set AUDIT_ANCHOR_KEY/) });
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
      // Checking the log is an administrator's.
      for (const who of ['orthophoniste', 'coordinator'] as const) {
        await as(who).get('/audit/verification').expect(403);
      }
    });

    it('finds the newest events of a chain removed below its anchor, and never anchors the shortened chain', async () => {
      const stream = `pathway:${pathwayId}`;
      const anchor = await anchoredHead(stream);
      const removed = (await rows(stream)).slice(-2);
      await db.transaction(async (manager) => {
        await manager.query('ALTER TABLE audit_events DISABLE TRIGGER ALL');
        await manager.query('DELETE FROM audit_events WHERE stream = $1 AND stream_seq >= $2', [
          stream,
          removed[0].stream_seq,
        ]);
        await manager.query('ALTER TABLE audit_events ENABLE TRIGGER ALL');
      });
      try {
        // The chain alone looks fine: only the anchor knows it was longer.
        expect(await new AuditLog(db).verify(stream)).toMatchObject({ ok: true });
        const expected = {
          stream,
          streamSeq: removed[0].stream_seq,
          problem: 'missing_after_anchor',
          expected: anchor.stream_seq,
          found: removed[0].stream_seq - 1,
        };
        expect(await verification()).toMatchObject({ ok: false, firstBroken: expected });
        const run = await script();
        expect(run.exitCode).toBe(1);
        expect(
          run.line.startsWith(
            `audit log BROKEN at ${stream} #${expected.streamSeq}: missing_after_anchor (expected ${expected.expected}, found ${expected.found}); checked `,
          ),
        ).toBe(true);

        // Rounds go on, and refuse to sign the shortened chain.
        const anchors = await anchorCount(stream);
        await aRoundLater();
        expect(await anchorCount(stream)).toBe(anchors);
        expect(await latestAnchor(stream)).toEqual(anchor);
        expect(await verification()).toMatchObject({ ok: false, firstBroken: expected });
      } finally {
        await asDatabaseOwner(async (manager) => {
          for (const row of removed) {
            await manager.query(
              `INSERT INTO audit_events (id, event_id, stream, stream_seq, pathway_id, type, actor, occurred_at, recorded_at, payload, prev_hash, hash)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
              [
                row.id,
                row.event_id,
                row.stream,
                row.stream_seq,
                row.pathway_id,
                row.type,
                JSON.stringify(row.actor),
                row.occurred_at,
                row.recorded_at,
                JSON.stringify(row.payload),
                row.prev_hash,
                row.hash,
              ],
            );
          }
        });
      }
      expect(await verification()).toMatchObject({ ok: true });
    });

    it('finds a chain rewritten and hashed again through its anchor', async () => {
      const other = await pathwayWithEvents();
      const stream = `pathway:${other}`;
      const anchor = await anchoredHead(stream);
      const original = await rows(stream);
      const edited = original.findIndex((row) => row.type === 'document_received');
      expect(edited).toBeGreaterThan(0);
      // The document's title changed, and every hash from there on computed again.
      let prevHash = original[edited - 1].hash;
      const rewritten = original.slice(edited).map((row, i) => {
        const payload =
          i === 0
            ? {
                ...row.payload,
                document: { ...(row.payload.document as object), title: 'Bilan — RAS' },
              }
            : row.payload;
        const hash = chainHash(prevHash, {
          eventId: row.event_id,
          stream: row.stream,
          streamSeq: row.stream_seq,
          pathwayId: row.pathway_id ?? undefined,
          type: row.type,
          actor: row.actor,
          occurredAt: row.occurred_at.toISOString(),
          payload,
        });
        const line = { ...row, payload, prev_hash: prevHash, hash };
        prevHash = hash;
        return line;
      });
      const write = (lines: AuditRow[]) =>
        asDatabaseOwner(async (manager) => {
          for (const line of lines) {
            await manager.query(
              'UPDATE audit_events SET payload = $2, prev_hash = $3, hash = $4 WHERE id = $1',
              [line.id, JSON.stringify(line.payload), line.prev_hash, line.hash],
            );
          }
        });
      await write(rewritten);
      try {
        // Consistent in itself: the chain alone cannot tell.
        expect(await new AuditLog(db).verify(stream)).toMatchObject({ ok: true });
        const result = await verification();
        expect(result).toMatchObject({
          ok: false,
          firstBroken: {
            stream,
            streamSeq: anchor.stream_seq,
            problem: 'anchor_mismatch',
            expected: anchor.hash,
            found: rewritten.at(-1)!.hash,
          },
        });
        expect((await script()).exitCode).toBe(1);
        const anchors = await anchorCount(stream);
        await aRoundLater();
        expect(await anchorCount(stream)).toBe(anchors);
      } finally {
        await write(original.slice(edited));
      }
      expect(await verification()).toMatchObject({ ok: true });
    });

    it('believes no anchor the engine did not sign', async () => {
      const stream = `pathway:${pathwayId}`;
      const head = (await rows(stream)).at(-1)!;
      const forged = randomUUID();
      // A newer anchor for a head that does not exist, with a made-up HMAC.
      await db.query(
        `INSERT INTO audit_anchors (stream, stream_seq, hash, anchored_at, key_id, hmac)
         VALUES ($1, $2, $3, now(), 'test', $4)`,
        [stream, head.stream_seq + 5, forged.replace(/-/g, '').padEnd(64, '0'), 'ab'.repeat(32)],
      );
      try {
        expect(await verification()).toMatchObject({
          ok: false,
          firstBroken: {
            stream,
            streamSeq: head.stream_seq + 5,
            problem: 'anchor_mismatch',
            detail: expect.stringMatching(/HMAC does not verify/),
          },
        });
        // The append-only guard holds for anchors too.
        await expect(
          db.query('DELETE FROM audit_anchors WHERE stream = $1', [stream]),
        ).rejects.toThrow('audit_anchors is append-only (DELETE refused)');
      } finally {
        await asDatabaseOwner(async (manager) => {
          await manager.query('DELETE FROM audit_anchors WHERE stream = $1 AND stream_seq = $2', [
            stream,
            head.stream_seq + 5,
          ]);
        });
      }
      expect(await verification()).toMatchObject({ ok: true });
    });
  });
});
