import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { freePort, loadConfig } from '@app/config';
import {
  CoordinatorStore,
  SessionStore,
  TextSealer,
  createDataSource,
  createScratchDatabase,
  runMigrations,
} from '@app/persistence';
import { ensureTestPki } from '@app/pki';
import { TemporalDevServer, locateTemporalCli } from '@app/temporal';
import { PATHWAY_SEARCH_ATTRIBUTES } from '@app/workflows';
import { startApi } from '../apps/api/api.bootstrap';
import { builtWebApp } from '../apps/api/web/web-app';
import { sandboxDmpRuntime } from '../apps/shared/dmp-runtime';
import { sandboxMssRuntime } from '../apps/shared/mss-runtime';
import { type EngineRuntime, databaseTimeouts } from '../apps/shared/engine-runtime';
import { generateReadModel } from './read-model';
import { percentile } from './stats';

const KEYS = [{ id: 'bench', key: Buffer.alloc(32, 9) }];
const COORDINATOR = '810000000777';
const LOADS = 7;
/** One CPTS of 10,000 pathways (the figure), beside a smaller one. */
const SIZE = {
  pathways: 15_000,
  cpts: 2,
  orthophonistes: 60,
  largeCptsPathways: 10_000,
  patients: 8_000,
};

/**
 * The coordinator's dashboard as a browser meets it: the API serving the built
 * web app over a read model where one CPTS has 10,000 pathways; Chromium opens
 * the dashboard in a fresh context (nothing cached) until the count cards show
 * figures and ECharts has drawn the trend. Also the gzip size of the scripts
 * the first page (the login) loads.
 */
export async function runWebBench(log: (line: string) => void): Promise<string[]> {
  if (!builtWebApp()) throw new Error('dist/web is missing: run `npm run build` first');
  const base = await mkdtemp(join(tmpdir(), 'acces-direct-bench-web-'));
  const cli = await locateTemporalCli({ configuredPath: process.env.TEMPORAL_CLI_PATH, log });
  if (!cli) throw new Error('no Temporal CLI found and no Go toolchain to build one');
  const server = await TemporalDevServer.start({
    cliPath: cli.path,
    port: await freePort(),
    namespace: 'default',
    searchAttributes: PATHWAY_SEARCH_ATTRIBUTES,
  });
  const database = await createScratchDatabase(process.env.DATABASE_URL, 'acces_direct_bench_web');
  const dataSource = await createDataSource({
    url: database.url,
    statementTimeoutMs: 0,
  }).initialize();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  try {
    await runMigrations(dataSource);
    const { largeCptsId } = await generateReadModel(dataSource, SIZE);
    await new CoordinatorStore(dataSource).grant(largeCptsId, COORDINATOR, {
      kind: 'system',
      id: 'bench',
    });
    const config = loadConfig({});
    const sessions = new SessionStore(dataSource, {
      sealer: new TextSealer(KEYS),
      idleMinutes: config.api.sessionIdleMinutes,
    });
    const pki = ensureTestPki(join(base, 'pki'), { password: 'bench' });
    const unused = 'https://unused.invalid';
    const runtime: EngineRuntime = {
      databaseUrl: database.url,
      databaseTimeouts: databaseTimeouts(config),
      temporal: { address: server.address, namespace: 'default', taskQueue: 'bench-web' },
      payloadKeys: KEYS,
      api: { ...config.api, port: await freePort(), publicUrl: undefined },
      dmp: sandboxDmpRuntime(
        config.dmp,
        {
          repositoryUrl: unused,
          registryUrl: unused,
          transactionsUrl: unused,
          webPortalUrl: unused,
        },
        pki,
      ),
      mss: sandboxMssRuntime(
        config.mss,
        {
          smtp: { host: '127.0.0.1', port: 1 },
          imap: { host: '127.0.0.1', port: 1 },
          address: 'bench@engine.mssante.fr',
          imapPassword: 'unused',
          directoryUrl: unused,
          directoryApiKey: 'unused',
        },
        pki.structureAuth,
        pki.caPem,
      ),
    };
    api = await startApi(runtime, false);
    const url = api.url;

    const dashboard = `${url}/tableau-de-bord?cpts=${largeCptsId}`;
    const readyMs: number[] = [];
    for (let load = 0; load <= LOADS; load++) {
      const { token } = await sessions.open(
        { idNatPs: COORDINATOR, practitionerId: null, idToken: 'bench' },
        4,
      );
      const context = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: 'fr-FR',
      });
      await context.addCookies([{ name: 'acces_direct_session', value: token, url }]);
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(dashboard);
      await page.locator('.card .value').first().waitFor({ timeout: 30_000 });
      await page.locator('[data-chart-ready="true"]').waitFor({ timeout: 30_000 });
      // The first load warms the API and PostgreSQL's caches: it is not counted.
      if (load > 0) readyMs.push(performance.now() - started);
      await context.close();
    }

    // The first page anyone sees: the login. Its scripts, as the server sends them, gzipped.
    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts: Promise<number>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') {
        scripts.push(response.body().then((body) => gzipSync(body).length));
      }
    });
    await page.goto(`${url}/connexion`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    const initialJsKb = (await Promise.all(scripts)).reduce((a, b) => a + b, 0) / 1024;
    await context.close();

    const median = percentile(readyMs, 50);
    log(
      `web dashboard of a CPTS of ${SIZE.largeCptsPathways} pathways: cards and chart drawn in ` +
        `${median.toFixed(0)} ms (median of ${LOADS} fresh loads, slowest ${Math.max(...readyMs).toFixed(0)} ms); ` +
        `the login page loads ${scripts.length} scripts, ${initialJsKb.toFixed(1)} KB gzipped`,
    );
    return [
      `web_dashboard_ready_ms: ${median.toFixed(1)}`,
      `web_initial_js_kb: ${initialJsKb.toFixed(1)}`,
    ];
  } finally {
    await browser.close();
    await api?.app.close();
    await dataSource.destroy();
    await database.drop();
    await server.stop();
    await rm(base, { recursive: true, force: true });
  }
}
