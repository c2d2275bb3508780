import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { pathwayStateQuery } from '@app/workflows';
import { MssSandboxes, startMssSandboxes } from '../../apps/shared/mss-sandboxes';
import {
  openingBody,
  pdfBytes,
  seedReferences,
  startTestApi,
  startTestWorker,
  temporalClient,
  testDataSource,
  testPki,
  testRuntime,
  today,
  waitFor,
  loggedInHttp,
  throughOutage,
} from '../support/harness';

const OUTAGE_MS = 60_000;
const MEDECIN = { rpps: '99700000011', name: 'Dr Claire MARTIN' };
const MEDECIN_ADDRESS = 'claire.martin@medecin.sandbox.mssante.fr';

/**
 * The MSSanté operator goes away for a minute (SMTP and IMAP refuse
 * connections) just as a bilan initial is deposited: the message waits and is
 * retried with backoff, then reaches the médecin traitant once, when the
 * operator is back on the same ports. A sandbox of its own, so that the
 * outage touches no other test.
 */
describe('MSSanté operator outage', () => {
  let dataSource: DataSource;
  let dataDir: string;
  let sandboxes: MssSandboxes;
  let worker: INestApplicationContext;
  let api: INestApplication;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;

  beforeAll(async () => {
    dataSource = await testDataSource();
    temporal = await temporalClient();
    dataDir = await mkdtemp(join(tmpdir(), 'mss-outage-'));
    sandboxes = await startMssSandboxes({
      dataDir,
      pki: testPki(),
      config: loadConfig({}).mss,
      ports: { smtp: 0, imap: 0, directory: 0 },
    });
    const runtime = { ...testRuntime(), mss: sandboxes.runtime };
    worker = await startTestWorker(runtime);
    api = await startTestApi(runtime);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await sandboxes?.stop();
    await temporal?.close();
    await dataSource?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('delays the message while the operator is down, and sends it once when it is back', async () => {
    const http = await loggedInHttp(api, dataSource);
    const refs = await seedReferences(dataSource);
    const id = (
      await http()
        .post('/pathways')
        .send(openingBody(refs, { medecinTraitant: { declared: true, ...MEDECIN } }))
        .expect(201)
    ).body.id as string;
    const before = await sandboxes.operator.messages(MEDECIN_ADDRESS);

    await sandboxes.operator.suspend();
    const downSince = Date.now();
    await http()
      .post(`/pathways/${id}/bilan-initial`)
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field('title', 'Bilan déposé pendant la panne')
      .field('documentDate', today())
      .expect(200);

    // For a minute the message keeps being attempted, and stays to send.
    const handle = temporal.client.workflow.getHandle(id);
    const pending = await throughOutage(
      handle,
      'sendToMedecinTraitant',
      { downSince, outageMs: OUTAGE_MS },
      (state) => expect(state.mssDispatches?.[0]?.status).toBe('to_send'),
    );
    expect(pending?.attempt).toBeGreaterThanOrEqual(3);
    expect(pending?.lastFailure?.message).toMatch(/unavailable|ECONNREFUSED|connect/i);
    expect(await sandboxes.operator.messages(MEDECIN_ADDRESS)).toHaveLength(before.length);

    await sandboxes.operator.resume();
    const sent = await waitFor(
      'the message after the outage',
      async () => {
        const state = await handle.query(pathwayStateQuery);
        return state.mssDispatches?.[0]?.status === 'sent' ? state : undefined;
      },
      180_000,
    );
    const messageId = sent.mssDispatches?.[0]?.messageId;
    const received = (await sandboxes.operator.messages(MEDECIN_ADDRESS)).filter(
      (m) => m.messageId === messageId,
    );
    expect(received).toHaveLength(1);
    expect(received[0].subject).toMatch(/^XDM\/1.0\/DDM\+Bilan orthophonique initial /);
    // The outage left no trace in the pathway's history but a later sending time.
    expect(sent.history.filter((h) => h.event.type === 'mss_sent')).toHaveLength(1);
    expect(sent.history.some((h) => h.event.type === 'mss_skipped')).toBe(false);
  });
});
