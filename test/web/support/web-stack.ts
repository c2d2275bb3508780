import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '@app/config';
import { createScratchDatabase, type ScratchDatabase } from '@app/persistence';
import { type LocalStack, startLocalStack } from '../../../apps/local/local-stack';
import { builtWebApp } from '../../../apps/api/web/web-app';
import { freePortsFor } from '../../support/ports';
import { testEnvironment } from '../../support/test-environment';

/** Where the page tests leave their screenshots (listed in the README). */
export const SCREENSHOTS = resolve(__dirname, '../../../test-output/screenshots');

/** The two screens every page is checked on: a laptop and a phone. */
export const VIEWPORTS = {
  desktop: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * What `npm start` runs — the API serving the built web app, the worker, the
 * DMP, MSSanté, Annuaire, PSC and INSi sandboxes, the demo CPTS, practitioners
 * and patients — on the test run's Temporal server, in a database of its own
 * (the demo's fixed RPPS would collide with other test files' practitioners).
 */
export interface WebStack {
  stack: LocalStack;
  url: string;
  close(): Promise<void>;
}

export async function startWebStack(
  /** Settings over the defaults, e.g. a shorter pause between looks at the DMP for alerts. */
  overrides: Record<string, string> = {},
): Promise<WebStack> {
  if (!builtWebApp()) {
    throw new Error(
      'dist/web is missing: `npm run build` builds the web app (npm test does it first)',
    );
  }
  const base = await mkdtemp(join(tmpdir(), 'acces-direct-web-'));
  const database: ScratchDatabase = await createScratchDatabase(
    testEnvironment().databaseUrl,
    'web_pages',
  );
  const env: Record<string, string> = {
    DATA_DIR: join(base, 'data'),
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: testEnvironment().temporalAddress,
    TEMPORAL_TASK_QUEUE: `web-${randomUUID()}`,
    // Delivery reports and read receipts show within a second or two.
    MSS_POLL_EVERY_SECONDS: '1',
    ...overrides,
  };
  Object.assign(
    env,
    await freePortsFor([
      'API_PORT',
      'DMP_SANDBOX_PORT',
      'MSS_SANDBOX_SMTP_PORT',
      'MSS_SANDBOX_IMAP_PORT',
      'ANNUAIRE_SANDBOX_PORT',
      'PSC_SANDBOX_PORT',
      'INSI_SANDBOX_PORT',
    ]),
  );
  await mkdir(env.DATA_DIR, { recursive: true });
  let stack: LocalStack;
  try {
    stack = await startLocalStack(loadConfig(env, base), {
      seedDemoData: true,
      log: () => undefined,
      nestLogger: false,
    });
  } catch (error) {
    await database.drop();
    await rm(base, { recursive: true, force: true });
    throw error;
  }
  return {
    stack,
    url: stack.apiUrl,
    close: async () => {
      await stack.stop();
      await database.drop();
      await rm(base, { recursive: true, force: true });
    },
  };
}

/** A browser context on the stack: French, Paris time, a given screen. */
export async function webContext(
  browser: Browser,
  viewport: { width: number; height: number } = VIEWPORTS.desktop,
): Promise<BrowserContext> {
  return browser.newContext({
    viewport,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    acceptDownloads: true,
  });
}

/** The login as a person does it: the app's button, PSC's page, a click on the practitioner. */
export async function logInAs(
  page: Page,
  url: string,
  practitioner: RegExp,
  path = '/',
): Promise<void> {
  await page.goto(`${url}${path}`);
  await page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).click();
  await page.getByRole('button', { name: practitioner }).click();
  // Back on the engine, then (from `/`) on the role's home.
  await page.waitForURL(
    (u) => u.origin === url && !u.pathname.startsWith('/connexion') && u.pathname !== '/',
  );
  await page.locator('main h1').first().waitFor();
}

/**
 * Opens a pathway through the API in the page's session (as a logiciel métier
 * would): for tests whose subject is not the opening; answers its id.
 */
export async function openPathway(page: Page, url: string, body: object): Promise<string> {
  const opened = await page.request.post(`${url}/pathways`, {
    headers: { Origin: url },
    data: body,
  });
  if (opened.status() !== 201) {
    throw new Error(`POST /pathways answered ${opened.status()}: ${await opened.text()}`);
  }
  return ((await opened.json()) as { id: string }).id;
}
