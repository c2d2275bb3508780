import { randomUUID } from 'node:crypto';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import type { ProtoFailure } from '@temporalio/common';
import {
  decodeOptionalFailureToOptionalError,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { DmpEndpoints, SandboxAdmin } from '@app/dmp';
import { CptsPolicy, longestPeriod, parisDay } from '@app/domain';
import {
  CoordinatorStore,
  Directory,
  SessionStore,
  SituationStore,
  TextSealer,
  createDataSource,
} from '@app/persistence';
import { TestPki, ensureTestPki } from '@app/pki';
import type { InsiClientOptions } from '@app/insi';
import { encryptingDataConverter } from '@app/temporal';
import { PathwayState, pathwayStateQuery } from '@app/workflows';
import { createApi } from '../../apps/api/api.bootstrap';
import { sandboxDmpRuntime } from '../../apps/shared/dmp-runtime';
import { sandboxInsiRuntime } from '../../apps/shared/insi-runtime';
import { sandboxMssRuntime } from '../../apps/shared/mss-runtime';
import { SANDBOX_ENGINE_ADDRESS } from '../../apps/shared/mss-sandboxes';
import { EngineRuntime, databaseTimeouts } from '../../apps/shared/engine-runtime';
import { startWorker } from '../../apps/worker/worker.bootstrap';
import { TEST_PAYLOAD_KEYS, testEnvironment } from './test-environment';

/** The routes anyone may call: they answer no health data. */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'GET /health',
  'GET /auth/login',
  'GET /auth/callback',
  'GET /auth/me',
  'GET /auth/methods',
  'POST /auth/logout',
  'POST /auth/cps',
]);

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the API's own OpenAPI document, as `METHOD /path/{param}`. */
export async function apiOperations(api: INestApplication): Promise<string[]> {
  const document = (await request(api.getHttpServer()).get('/docs/openapi.json').expect(200))
    .body as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map(
      (method) => `${method.toUpperCase()} ${path}`,
    ),
  );
}

/**
 * Where the tests' browsers reach the API: state-changing requests that carry a
 * session cookie must come from this origin (the PSC sandbox's callback names it too).
 */
export const TEST_API_ORIGIN = 'https://acces-direct.test';

/** The idNat_PS the test runtimes take for an administrator of the engine. */
export const TEST_ADMINISTRATOR = '810000099999';

/** A runtime on the test run's Temporal server and database, with a task queue of its own. */
export function testRuntime(taskQueue = `test-${randomUUID()}`): EngineRuntime {
  const env = testEnvironment();
  return {
    databaseUrl: env.databaseUrl,
    databaseTimeouts: databaseTimeouts(loadConfig({})),
    temporal: { address: env.temporalAddress, namespace: 'default', taskQueue },
    payloadKeys: TEST_PAYLOAD_KEYS,
    api: {
      ...loadConfig({}).api,
      port: 0,
      publicUrl: TEST_API_ORIGIN,
      administrators: [TEST_ADMINISTRATOR],
    },
    dmp: sandboxDmpRuntime(
      loadConfig({}).dmp,
      JSON.parse(env.dmpEndpoints) as DmpEndpoints,
      testPki(),
    ),
    mss: testMssRuntime(),
    insi: testInsiRuntime(),
    workflowBundlePath: env.workflowBundlePath,
  };
}

let insiRuntime: InsiClientOptions | undefined;

/** The run's INSi sandbox, with an INSI-AUTO certificate of the test PKI (issued once per test file). */
export function testInsiRuntime(): InsiClientOptions {
  insiRuntime ??= sandboxInsiRuntime(testPki(), testEnvironment().insiUrl, randomUUID());
  return insiRuntime;
}

/** The run's MSSanté sandboxes, as the global set-up published them. */
export interface TestMssSandbox {
  smtp: { host: string; port: number };
  imap: { host: string; port: number };
  imapPassword: string;
  directoryUrl: string;
  /** Maildir root: one folder per address (lower case). */
  maildirs: string;
}

export function testMssSandbox(): TestMssSandbox {
  return JSON.parse(testEnvironment().mssSandbox) as TestMssSandbox;
}

/** The engine's MSSanté runtime on the run's operator sandbox (or on another one, given). */
export function testMssRuntime(sandbox: Partial<TestMssSandbox> = {}) {
  const run = { ...testMssSandbox(), ...sandbox };
  const pki = testPki();
  return sandboxMssRuntime(
    { ...loadConfig({}).mss, pollEveryMs: 500 },
    {
      smtp: run.smtp,
      imap: run.imap,
      address: SANDBOX_ENGINE_ADDRESS,
      imapPassword: run.imapPassword,
      directoryUrl: run.directoryUrl,
      directoryApiKey: 'sandbox-esante-api-key',
    },
    pki.structureAuth,
    pki.caPem,
  );
}

/** The test PKI the DMP sandbox of the run trusts. */
export function testPki(): TestPki {
  const env = testEnvironment();
  return ensureTestPki(env.pkiDir, { password: env.pkiPassword });
}

/** The DMP sandbox's own door: its patients, authorisations and what it received. */
export function dmpSandboxAdmin(): Promise<SandboxAdmin> {
  return SandboxAdmin.connect(testEnvironment().databaseUrl);
}

/** The real worker application (Nest context, Temporal worker, recording activities). */
export function startTestWorker(runtime: EngineRuntime): Promise<INestApplicationContext> {
  return startWorker(runtime, false);
}

/** The real HTTP API, initialised but not listening: supertest drives `app.getHttpServer()`. */
export async function startTestApi(runtime: EngineRuntime): Promise<INestApplication> {
  const app = await createApi(runtime, false);
  await app.init();
  return app;
}

/**
 * A session for a practitioner (a new one, in no CPTS, when none is given), as
 * a `Cookie` header value: the API's guard wants one on every route but
 * /health and /auth (test/auth-login proves the real login through the PSC
 * sandbox).
 */
export async function testSessionCookie(
  dataSource: DataSource,
  practitioner?: { id: string; rpps: string },
): Promise<string> {
  let who = practitioner;
  if (!who) {
    who = { id: randomUUID(), rpps: randomRpps() };
    await new Directory(dataSource).savePractitioners([
      {
        id: who.id,
        rpps: who.rpps,
        familyName: 'TEST',
        givenNames: 'Session',
        professionCode: '91',
        cptsId: null,
        mssAddress: null,
      },
    ]);
  }
  const { token } = await testSessionStore(dataSource).open(
    { idNatPs: `8${who.rpps}`, practitionerId: who.id, idToken: 'test' },
    12,
  );
  return `acces_direct_session=${token}`;
}

/** The sessions as the test runtimes' API reads them (same keys, same idle timeout). */
export function testSessionStore(dataSource: DataSource): SessionStore {
  return new SessionStore(dataSource, {
    sealer: new TextSealer(TEST_PAYLOAD_KEYS),
    idleMinutes: loadConfig({}).api.sessionIdleMinutes,
  });
}

/** A session of a new coordinator of `cptsId` (a professional who practises nothing here). */
export async function coordinatorSession(dataSource: DataSource, cptsId: string): Promise<string> {
  const idNatPs = `8${randomRpps()}`;
  await new CoordinatorStore(dataSource).grant(cptsId, idNatPs, { kind: 'system', id: 'test' });
  return sessionOf(dataSource, idNatPs);
}

/** A session of the test runtimes' administrator (TEST_ADMINISTRATOR). */
export function administratorSession(dataSource: DataSource): Promise<string> {
  return sessionOf(dataSource, TEST_ADMINISTRATOR);
}

/** A session of whoever holds `idNatPs` and practises nothing here (a coordinator, an administrator). */
export async function sessionOf(dataSource: DataSource, idNatPs: string): Promise<string> {
  const { token } = await testSessionStore(dataSource).open(
    { idNatPs, practitionerId: null, idToken: 'test' },
    12,
  );
  return `acces_direct_session=${token}`;
}

/**
 * Supertest on the engine's API as the holder of `session` (a `Cookie` header
 * value), from a page of the API's own origin as a browser says it (`Origin`).
 */
export function httpAs(engine: Pick<TestEngine, 'api'>, session: string) {
  return () => browserAgent(engine.api, session);
}

/** A request agent as the API's own pages send requests: the session cookie and the page's origin. */
export function browserAgent(api: INestApplication, session: string) {
  return request.agent(api.getHttpServer()).set('Cookie', session).set('Origin', TEST_API_ORIGIN);
}

/** The session of the orthophoniste of the references seeded last (see loggedInHttp). */
let seededSession: string | undefined;

/**
 * Supertest on the API, every request with a session: the orthophoniste's of
 * the references seeded last (the one who opens the test's pathways), or a
 * practitioner's of no CPTS before any. Scoping tests make their own sessions.
 */
export async function loggedInHttp(
  api: INestApplication,
  dataSource: DataSource,
): Promise<() => ReturnType<typeof request>> {
  const beforeAnySeeding = await testSessionCookie(dataSource);
  return () => browserAgent(api, seededSession ?? beforeAnySeeding);
}

function randomRpps(): string {
  return String(10_000_000_000 + Math.floor(Math.random() * 9_000_000_000));
}

/** The whole engine for one test file: its own task queue, the real worker and API, a client, a database connection. */
export interface TestEngine {
  runtime: EngineRuntime;
  dataSource: DataSource;
  worker: INestApplicationContext;
  api: INestApplication;
  client: Client;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export async function startTestEngine(overrides: Partial<EngineRuntime> = {}): Promise<TestEngine> {
  const runtime = { ...testRuntime(), ...overrides };
  const dataSource = await testDataSource();
  const worker = await startTestWorker(runtime);
  const api = await startTestApi(runtime);
  const temporal = await temporalClient();
  const http = await loggedInHttp(api, dataSource);
  const engine: TestEngine = {
    runtime,
    dataSource,
    worker,
    api,
    client: temporal.client,
    http,
    close: async () => {
      await api.close();
      // The worker running now: a test may have replaced the first one (a restart).
      await engine.worker.close();
      await temporal.close();
      await dataSource.destroy();
    },
  };
  return engine;
}

export async function testDataSource(): Promise<DataSource> {
  return createDataSource({
    url: testEnvironment().databaseUrl,
    applicationName: 'acces-direct-tests',
  }).initialize();
}

export async function temporalClient(): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address: testEnvironment().temporalAddress });
  const client = new Client({
    connection,
    namespace: 'default',
    dataConverter: encryptingDataConverter(TEST_PAYLOAD_KEYS),
  });
  return { client, close: () => connection.close() };
}

export const SLOW_POLICY: CptsPolicy = {
  bilanInitialDueAfter: 'P30D',
  compteRenduDueAfter: 'P30D',
  reminderEvery: 'P7D',
  escalateAfterReminders: 2,
};

export interface TestReferences {
  cptsId: string;
  practitionerId: string;
  patientId: string;
  rpps: string;
  /** A session of this orthophoniste, as a `Cookie` header value. */
  session: string;
}

/** From now on, the harness's requests act as the orthophoniste of `refs` (seeding does it too). */
export function actAs(refs: TestReferences): void {
  seededSession = refs.session;
}

/** The patient of every test: the ANS example's test identity (test-NIR OID). */
export const TEST_INS = { matricule: '279035121518989', oid: '1.2.250.1.213.1.4.10' };

export interface DmpSetup {
  /** The patient has a DMP (true by default). */
  hasDmp?: boolean;
  /** The day the practitioner was authorised; last month by default, null for never. */
  authorizedOn?: string | null;
}

/**
 * A CPTS of its own (with the given policy), one orthophoniste of it (with a
 * structure, so that documents can be filed) and one patient, for one test; in
 * the DMP sandbox the patient has a DMP and the practitioner is authorised,
 * unless `dmp` says otherwise.
 */
export async function seedReferences(
  dataSource: DataSource,
  policy: CptsPolicy = SLOW_POLICY,
  dmp: DmpSetup = {},
): Promise<TestReferences> {
  const directory = new Directory(dataSource);
  const ids = {
    cptsId: randomUUID(),
    practitionerId: randomUUID(),
    patientId: randomUUID(),
    rpps: randomRpps(),
  };
  await directory.saveCpts([
    { id: ids.cptsId, name: `CPTS test ${ids.cptsId.slice(0, 8)}`, ...policy },
  ]);
  await directory.savePractitioners([
    {
      id: ids.practitionerId,
      rpps: ids.rpps,
      familyName: 'TEST',
      givenNames: 'Ortho',
      professionCode: '91',
      cptsId: ids.cptsId,
      mssAddress: null,
      structureIdNat: '312345678900017',
      structureName: 'MSP de test',
      facilityTypeCode: 'SA52',
      practiceSettingCode: 'AMBULATOIRE',
    },
  ]);
  // In an MSP: accès direct is open, the situation valid for the longest period from today.
  await new SituationStore(dataSource).declare(
    ids.practitionerId,
    {
      structure: { kind: 'msp', name: 'MSP de test', idNat: '312345678900017' },
      cadre: 'ambulatoire',
      salarie: false,
      cptsId: ids.cptsId,
      period: longestPeriod(parisDay(Date.now())),
    },
    { kind: 'system', id: 'test' },
  );
  await directory.savePatients([
    {
      id: ids.patientId,
      insMatricule: TEST_INS.matricule,
      insOid: TEST_INS.oid,
      identityStatus: 'QUAL',
      birthFamilyName: 'PAT-TROIS',
      firstNames: 'DOMINIQUE MARIE-LOUISE',
      usedFamilyName: null,
      birthDate: '1979-03-28',
      sex: 'F',
      birthPlaceCode: '51215',
    },
  ]);
  const admin = await dmpSandboxAdmin();
  try {
    await admin.registerPatient(TEST_INS, { hasDmp: dmp.hasDmp ?? true });
    const lastMonth = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const authorizedOn = dmp.authorizedOn === undefined ? lastMonth : dmp.authorizedOn;
    if (dmp.hasDmp !== false) await admin.setAuthorization(TEST_INS, ids.rpps, authorizedOn);
  } finally {
    await admin.close();
  }
  const refs = {
    ...ids,
    session: await testSessionCookie(dataSource, { id: ids.practitionerId, rpps: ids.rpps }),
  };
  actAs(refs);
  return refs;
}

/** The JSON body of a pathway creation for these references. */
export function openingBody(refs: TestReferences, extra: Record<string, unknown> = {}) {
  return {
    cptsId: refs.cptsId,
    practitionerId: refs.practitionerId,
    patientId: refs.patientId,
    medecinTraitant: { declared: true, rpps: '10000000015', name: 'Dr Claire MARTIN' },
    consentementDmp: 'given',
    ...extra,
  };
}

/**
 * Polls until `probe` returns something (no fixed sleep): tests wait for what
 * they expect, as long as it takes and no longer, up to a deadline.
 */
/**
 * Lets an outage that began at `downSince` last `outageMs`, checking all along
 * that the pathway still owes what it owed (`stillOwed` asserts on its
 * state); then answers how the activity `activityType` is being retried
 * (its attempt and last failure), as Temporal describes it.
 */
export async function throughOutage(
  handle: WorkflowHandle,
  activityType: string,
  { downSince, outageMs }: { downSince: number; outageMs: number },
  stillOwed: (state: PathwayState) => void,
) {
  await waitFor(
    `${Math.round(outageMs / 1000)} s of outage`,
    async () => {
      stillOwed(await handle.query(pathwayStateQuery));
      return Date.now() - downSince >= outageMs;
    },
    outageMs + 30_000,
  );
  const { raw } = await handle.describe();
  const pending = raw.pendingActivities?.find((a) => a.activityType?.name === activityType);
  return pending && { ...pending, lastFailure: await inClear(pending.lastFailure) };
}

const testDataConverter = loadDataConverter(encryptingDataConverter(TEST_PAYLOAD_KEYS));

/**
 * A failure as Temporal describes it (a pending activity's last failure) with
 * its message and stack trace decrypted: the server itself keeps only
 * "Encoded failure" (see libs/temporal/failure-converter.ts).
 */
export async function inClear(
  failure: ProtoFailure | null | undefined,
): Promise<ProtoFailure | undefined> {
  if (!failure) return undefined;
  const error = await decodeOptionalFailureToOptionalError(testDataConverter, failure);
  return { ...failure, message: error?.message ?? '', stackTrace: error?.stack ?? '' };
}

/**
 * Waits until the pathway's API view passes `test`. A pathway moves on only as
 * fast as its activities (MSSanté, DMP) succeed, so on a timeout the error says
 * what the workflow was still doing: each pending activity, its attempt and its
 * last failure, and the last view seen.
 */
export async function waitForView<V>(
  engine: Pick<TestEngine, 'http' | 'client'>,
  id: string,
  what: string,
  test: (view: V) => boolean,
  timeoutMs = 90_000,
): Promise<V> {
  let last: V | undefined;
  try {
    return await waitFor(
      what,
      async () => {
        last = (await engine.http().get(`/pathways/${id}`)).body as V;
        return test(last) ? last : undefined;
      },
      timeoutMs,
    );
  } catch (error) {
    const { raw } = await engine.client.workflow.getHandle(id).describe();
    const pending = await Promise.all(
      (raw.pendingActivities ?? []).map(async (a) => ({
        activity: a.activityType?.name,
        attempt: a.attempt,
        lastFailure: (await inClear(a.lastFailure))?.message,
      })),
    );
    throw new Error(
      `${(error as Error).message}; pending activities: ${JSON.stringify(pending)}; last view: ${JSON.stringify(last)}`,
    );
  }
}

export async function waitFor<T>(
  description: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${description}${last ? ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Today in Paris, as the API dates documents. */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

export function pdfBytes(size = 2048): Buffer {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.write('%PDF-1.7\n', 0, 'latin1');
  return bytes;
}
