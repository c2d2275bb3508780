import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { CoordinatorStore, Directory, createDataSource } from '@app/persistence';
import { DEMO } from '../../apps/local/demo-data';
import { launchBrowser } from '../support/browser';
import { waitFor } from '../support/harness';
import { screenshot, seriousViolations } from './support/page-checks';
import {
  logInAs,
  startWebStack,
  webContext,
  type WebStack,
  openPathway,
} from './support/web-stack';

/** Léa MOREL of the PSC sandbox, made here the coordinator of a CPTS of her own. */
const LEA_ID_NAT_PS = '810000000103';
const OTHER_CPTS = 'c0a1c0de-0000-4000-8000-0000000000ff';

/**
 * The coordinator's dashboard in Chromium: Sophie GARNIER watches the demo
 * CPTS whose delays are counted in seconds; a pathway Hugo BERNARD opens
 * shows in the counts, then, once its bilan is late, in the worklist with its
 * days overdue; the CSV export downloads. A coordinator of another CPTS sees
 * nothing of it.
 */
describe("the coordinator's dashboard in the browser", () => {
  let web: WebStack;
  let browser: Browser;
  let dataSource: DataSource;

  beforeAll(async () => {
    web = await startWebStack();
    browser = await launchBrowser();
    dataSource = await createDataSource({
      url: web.stack.runtime.databaseUrl,
      applicationName: 'web-tests',
    }).initialize();
    await new Directory(dataSource).saveCpts([
      {
        id: OTHER_CPTS,
        name: 'CPTS du Val voisin',
        bilanInitialDueAfter: 'P30D',
        compteRenduDueAfter: 'P30D',
        reminderEvery: 'P7D',
        escalateAfterReminders: 2,
      },
    ]);
    await new CoordinatorStore(dataSource).grant(OTHER_CPTS, LEA_ID_NAT_PS, {
      kind: 'system',
      id: 'test',
    });
  }, 240_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await browser?.close();
    await web?.close();
  });

  const dashboard = `/tableau-de-bord?cpts=${DEMO.cpts.acceleree}`;

  /** The figure a count card shows. */
  async function cardValue(page: Page, label: RegExp): Promise<number> {
    const text = await page.getByRole('link', { name: label }).first().innerText();
    const match = /(\d[\d\s\u202f]*)/.exec(text);
    if (!match) throw new Error(`no figure on the card ${label}: ${text}`);
    return Number(match[1].replace(/\D/g, ''));
  }

  it('shows the counts change, the late duty in the worklist, and downloads the CSV', async () => {
    const sophieContext = await webContext(browser);
    const sophie = await sophieContext.newPage();
    await logInAs(sophie, web.url, /Sophie GARNIER/, dashboard);
    expect(new URL(sophie.url()).pathname).toBe('/tableau-de-bord');
    await sophie.locator('[data-chart-ready="true"]').waitFor({ timeout: 30_000 });
    const activeBefore = await cardValue(sophie, /Parcours actifs/);

    // Hugo opens a pathway (through the API, as his logiciel métier would: the pages are tested elsewhere).
    const hugoContext = await webContext(browser);
    const hugo = await hugoContext.newPage();
    await logInAs(hugo, web.url, /Hugo BERNARD/);
    const pathwayId = await openPathway(hugo, web.url, {
      cptsId: DEMO.cpts.acceleree,
      practitionerId: DEMO.practitioners.hugoBernard,
      patientId: DEMO.patients.dominiquePatTrois,
      medecinTraitant: { declared: true, rpps: '99700000011', name: 'Dr Claire MARTIN' },
      consentementDmp: 'given',
    });

    await sophie.reload();
    await sophie.locator('[data-chart-ready="true"]').waitFor({ timeout: 30_000 });
    await waitFor(
      'the active pathways card counts the new pathway',
      async () => (await cardValue(sophie, /Parcours actifs/)) === activeBefore + 1,
    );

    // Its bilan is due 20 seconds after opening: then it is late, and in the worklist.
    await sophie.goto(`${web.url}/relances?cpts=${DEMO.cpts.acceleree}`);
    const lateRow = sophie.locator('tr', {
      has: sophie.locator(`a[href="/parcours/${pathwayId}"]`),
    });
    await waitFor(
      'the late bilan in the worklist',
      async () => {
        await sophie.reload();
        await sophie.getByRole('heading', { level: 1 }).waitFor();
        if ((await lateRow.count()) === 1) return true;
        await sophie.waitForTimeout(3_000);
        return false;
      },
      90_000,
    );
    expect(await lateRow.innerText()).toMatch(/jour/);
    expect(await lateRow.innerText()).toMatch(/BERNARD/);
    expect(await seriousViolations(sophie)).toEqual([]);
    await screenshot(sophie, 'coordinator-worklist-late-desktop');

    // The CSV export of the dashboard downloads, with the pathway in it.
    await sophie.goto(`${web.url}${dashboard}`);
    const download = sophie.waitForEvent('download');
    await sophie.getByRole('link', { name: /Exporter les parcours \(CSV\)/ }).click();
    const csv = await readFile(await (await download).path(), 'utf8');
    expect(csv).toContain(pathwayId);
    await sophieContext.close();

    // Léa coordinates another CPTS: neither its dashboard nor its worklist shows this pathway.
    const leaContext = await webContext(browser);
    const lea = await leaContext.newPage();
    await logInAs(lea, web.url, /Léa MOREL/);
    expect(new URL(lea.url()).pathname).toBe('/tableau-de-bord');
    await lea.goto(`${web.url}/relances?cpts=${DEMO.cpts.acceleree}`);
    await lea.getByRole('heading', { level: 1 }).waitFor();
    await lea.getByRole('alert').first().waitFor();
    expect(await lea.locator(`a[href="/parcours/${pathwayId}"]`).count()).toBe(0);
    await lea.goto(`${web.url}/parcours/${pathwayId}`);
    await lea
      .getByText(/introuvable/)
      .first()
      .waitFor();
    expect(await lea.content()).not.toMatch(/PAT-TROIS/i);
    await leaContext.close();
    await hugoContext.close();
  });
});
