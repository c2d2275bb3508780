import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '@app/config';
import { REFUSED_ENCODINGS } from '@app/temporal';
import { PathwayState, pathwayStateQuery } from '@app/workflows';
import { MssSandboxes, startMssSandboxes } from '../apps/shared/mss-sandboxes';
import {
  TEST_INS,
  TestEngine,
  TestReferences,
  inClear,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestEngine,
  testPki,
  today,
  waitFor,
  waitForView,
} from './support/harness';
import { testEnvironment } from './support/test-environment';

/** The médecin traitant's mailbox, full at first: the operator's refusal names it. */
const MEDECIN_ADDRESS = 'claire.martin@cabinet-plein.sandbox.mssante.fr';
const MEDECIN = {
  declared: true,
  rpps: '10000000015',
  name: 'Dr Claire MARTIN',
  mssAddress: MEDECIN_ADDRESS,
};
const BILAN_TITLE = 'Bilan de langage écrit — suspicion de dyslexie';
const COMPTE_RENDU_TITLE = 'Compte-rendu de fin de rééducation du langage écrit';

/** What Temporal must never hold in clear: the patient, the physician, their addresses, the documents. */
const IN_CLEAR_NEVER = [
  TEST_INS.matricule,
  'PAT-TROIS',
  'DOMINIQUE',
  MEDECIN.rpps,
  'MARTIN',
  'mssante.fr',
  BILAN_TITLE,
  COMPTE_RENDU_TITLE,
];

interface View {
  status: string;
  abandonReason: string | null;
  bilanInitial: { document: { title: string } | null; dmp: { status: string } | null } | null;
  compteRendu: { dmp: { status: string } | null } | null;
  messages: { purpose: string; status: string; recipient: string | null }[];
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * "Temporal sees nothing in clear": the server (and whoever reads its
 * database or its API without the keys) holds a pathway's history with every
 * payload encrypted and every failure message and stack trace encoded; and it
 * cannot make a pathway obey a request it forged in clear.
 */
describe('what the Temporal server sees of a pathway', () => {
  let dataDir: string;
  let sandboxes: MssSandboxes;
  let engine: TestEngine;
  let connection: Connection;
  /** A client without the payload codec: what the server, the CLI or the Web UI have. */
  let plain: Client;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'temporal-privacy-'));
    // An operator of its own, so that the full mailbox touches no other test.
    sandboxes = await startMssSandboxes({
      dataDir,
      pki: testPki(),
      config: loadConfig({}).mss,
      ports: { smtp: 0, imap: 0, directory: 0 },
      mailboxes: [{ address: MEDECIN_ADDRESS, kind: 'PER', quotaBytes: 0 }],
    });
    engine = await startTestEngine({ mss: sandboxes.runtime });
    connection = await Connection.connect({ address: testEnvironment().temporalAddress });
    plain = new Client({ connection, namespace: 'default' });
  });

  afterAll(async () => {
    await connection?.close();
    await engine?.close();
    await sandboxes?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const http = () => engine.http();
  const upload = (id: string, path: string, title: string) =>
    http()
      .post(`/pathways/${id}/${path}`)
      .attach('file', pdfBytes(), 'document.pdf')
      .field('title', title)
      .field('documentDate', today())
      .expect(200);

  async function open(refs: TestReferences): Promise<string> {
    return (
      await http()
        .post('/pathways')
        .send(openingBody(refs, { medecinTraitant: MEDECIN }))
        .expect(201)
    ).body.id as string;
  }

  /** The history as the server hands it out, page by page, read without the codec. */
  async function rawHistory(workflowId: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await plain.workflowService.getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId },
        nextPageToken,
      });
      events.push(...(page.history?.events ?? []));
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    return events;
  }

  /** Each forbidden value found in an event's protobuf bytes or JSON form, and where. */
  function inClearIn(events: HistoryEvent[]): string[] {
    const found: string[] = [];
    for (const event of events) {
      const bytes = Buffer.from(temporal.api.history.v1.HistoryEvent.encode(event).finish());
      const json = JSON.stringify(temporal.api.history.v1.HistoryEvent.toObject(event as never));
      for (const value of IN_CLEAR_NEVER) {
        if (bytes.includes(Buffer.from(value)) || json.includes(value)) {
          const type = temporal.api.enums.v1.EventType[event.eventType ?? 0];
          found.push(`"${value}" in event ${String(event.eventId)} (${type})`);
        }
      }
    }
    return found;
  }

  it('keeps patient, physician and documents out of a whole pathway history, failures included', async () => {
    const refs = await seedReferences(engine.dataSource);
    const id = await open(refs);
    await upload(id, 'bilan-initial', BILAN_TITLE);

    // The médecin's mailbox is full: the operator refuses the message, naming the address.
    const handle = engine.client.workflow.getHandle(id);
    const refused = await waitFor(
      'the operator refusing the message',
      async () => {
        const { raw } = await handle.describe();
        const sending = raw.pendingActivities?.find(
          (a) => a.activityType?.name === 'sendToMedecinTraitant',
        );
        const failure = await inClear(sending?.lastFailure);
        return failure?.message?.includes('mailbox is full') ? failure : undefined;
      },
      60_000,
    );
    expect(refused.message).toContain(MEDECIN_ADDRESS);
    // Room is made: the retry gets through.
    await sandboxes.operator.addMailbox({ address: MEDECIN_ADDRESS, kind: 'PER' });

    await http().post(`/pathways/${id}/end-of-care`).send({ careEndedOn: today() }).expect(200);
    await upload(id, 'compte-rendu', COMPTE_RENDU_TITLE);
    const done = await waitForView(
      engine,
      id,
      'the pathway completed, both documents filed and sent',
      (v: View) =>
        v.status === 'completed' &&
        v.bilanInitial?.dmp?.status === 'filed' &&
        v.compteRendu?.dmp?.status === 'filed' &&
        v.messages.filter((m) => m.status === 'sent').length === 2,
      120_000,
    );
    expect(done.messages.map((m) => m.recipient)).toEqual([MEDECIN_ADDRESS, MEDECIN_ADDRESS]);

    const events = await rawHistory(id);
    expect(events.length).toBeGreaterThan(20);
    expect(inClearIn(events)).toEqual([]);

    // The failure is in the history, its message and stack trace encrypted, readable with the keys.
    const failures = events.flatMap((e) => e.activityTaskStartedEventAttributes?.lastFailure ?? []);
    expect(failures).not.toHaveLength(0);
    for (const failure of failures) {
      expect(failure.message).toBe('Encoded failure');
      expect(failure.stackTrace).toBe('');
    }
    const decoded = await Promise.all(failures.map((f) => inClear(f)));
    expect(decoded.map((f) => f?.message)).toContainEqual(expect.stringContaining(MEDECIN_ADDRESS));
    expect(decoded.map((f) => f?.stackTrace)).toContainEqual(
      expect.stringContaining('mss-sending.activities'),
    );
  });

  describe('a request forged in clear', () => {
    let refs: TestReferences;
    let id: string;
    let before: PathwayState;
    const reason = 'Mme PAT-TROIS ne viendra plus';
    const abandon = () => ({ actor: { kind: 'user', id: refs.practitionerId }, reason });

    // A pathway of its own for each request: one that was obeyed leaves the others a clean slate.
    beforeEach(async () => {
      refs = await seedReferences(engine.dataSource);
      id = await open(refs);
      before = await engine.client.workflow.getHandle(id).query(pathwayStateQuery);
    });

    /** The pathway as it was: same state by query, still active through the API. */
    async function expectUnchanged() {
      expect(await engine.client.workflow.getHandle(id).query(pathwayStateQuery)).toEqual(before);
      const view = (await http().get(`/pathways/${id}`).expect(200)).body as View;
      expect(view).toMatchObject({ status: 'active', abandonReason: null });
    }

    it('is rejected when a client without the codec sends it, and says nothing in clear', async () => {
      const response = await plain.workflowService.updateWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: id },
        waitPolicy: {
          lifecycleStage:
            temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
              .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
        },
        request: {
          meta: { updateId: `plaintext-${Date.now()}`, identity: 'no codec' },
          input: {
            name: 'abandon',
            args: {
              payloads: [
                {
                  metadata: { encoding: Buffer.from('json/plain') },
                  data: Buffer.from(JSON.stringify(abandon())),
                },
              ],
            },
          },
        },
      });
      const failure = response.outcome?.failure;
      expect(failure).toBeTruthy();
      expect(response.outcome?.success).toBeFalsy();
      // Even the rejection is encoded: the server and the sender read nothing of it.
      expect(failure?.message).toBe('Encoded failure');
      const decoded = await inClear(failure);
      expect(decoded?.message).toBe(`Unknown encoding: ${REFUSED_ENCODINGS.unencrypted}`);
      expect(JSON.stringify(decoded)).not.toContain('PAT-TROIS');
      await expectUnchanged();
    });

    /** `temporal workflow update execute` of an abandon, as anyone who reaches the frontend may run it. */
    async function cliAbandon(...inputMeta: string[]) {
      const { temporalAddress } = testEnvironment();
      const args = ['workflow', 'update', 'execute', '--address', temporalAddress];
      args.push('--namespace', 'default', '--workflow-id', id, '--name', 'abandon');
      for (const meta of inputMeta) args.push('--input-meta', meta);
      args.push('--input', JSON.stringify(abandon()));
      return promisify(execFile)(cli as string, args).then(
        ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({
          code: error.code,
          output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
        }),
      );
    }

    // The CLI the set-up runs the server with; the CLI tests are skipped when the SDK downloaded one.
    const cli = testEnvironment().temporalCliPath || undefined;
    const withCli = cli ? it : it.skip;

    withCli('is rejected when the temporal CLI sends it', async () => {
      const outcome = await cliAbandon();
      expect(outcome.code).not.toBe(0);
      expect(outcome.output).toMatch(/Encoded failure/);
      expect(outcome.output).not.toContain('PAT-TROIS');
      await expectUnchanged();
    });

    withCli('is rejected when the temporal CLI dresses it up as encrypted', async () => {
      // Our encoding and the real key's id, over JSON: it cannot authenticate.
      const outcome = await cliAbandon('encoding=binary/encrypted', 'encryption-key-id=test');
      expect(outcome.code).not.toBe(0);
      // Rejected by the workflow, not a workflow task failing on it (which would block the pathway).
      expect(outcome.output).toMatch(/Encoded failure/);
      expect(outcome.output).not.toContain('PAT-TROIS');
      await expectUnchanged();
      await upload(id, 'bilan-initial', BILAN_TITLE);
    });

    it('leaves the pathway working when a signal comes in clear', async () => {
      await plain.workflow.getHandle(id).signal('abandon', abandon());
      // The signal is in history; a worker that failed to read it would fail every workflow task.
      await upload(id, 'bilan-initial', BILAN_TITLE);
      const view = (await http().get(`/pathways/${id}`).expect(200)).body as View;
      expect(view).toMatchObject({ status: 'active', abandonReason: null });
      expect(view.bilanInitial?.document?.title).toBe(BILAN_TITLE);
    });
  });
});
