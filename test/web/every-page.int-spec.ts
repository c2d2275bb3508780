import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO } from '../../apps/local/demo-data';
import { launchBrowser } from '../support/browser';
import { type AxeViolation, screenshot, seriousViolations } from './support/page-checks';
import {
  VIEWPORTS,
  logInAs,
  startWebStack,
  webContext,
  type WebStack,
  openPathway,
} from './support/web-stack';

/**
 * Every page of the web app, for the role that uses it, on a laptop
 * (1366×768) and a phone (390×844): no serious or critical axe-core
 * violation (WCAG 2.1 A and AA rules), and a screenshot of each under
 * test-output/screenshots/ (the README lists them).
 */
describe('every page, on a laptop and a phone', () => {
  let web: WebStack;
  let browser: Browser;
  let pathwayId: string;

  beforeAll(async () => {
    web = await startWebStack();
    browser = await launchBrowser();
    const context = await webContext(browser);
    const page = await context.newPage();
    await logInAs(page, web.url, /Hugo BERNARD/);
    pathwayId = await openPathway(page, web.url, {
      cptsId: DEMO.cpts.acceleree,
      practitionerId: DEMO.practitioners.hugoBernard,
      patientId: DEMO.patients.dominiquePatTrois,
      medecinTraitant: { declared: true, rpps: '99700000011', name: 'Dr Claire MARTIN' },
      consentementDmp: 'given',
    });
    await context.close();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const cpts = `cpts=${DEMO.cpts.acceleree}`;
  const PAGES: {
    role: 'none' | 'orthophoniste' | 'coordinator';
    name: string;
    path: () => string;
  }[] = [
    { role: 'none', name: 'connexion', path: () => '/connexion' },
    { role: 'orthophoniste', name: 'mes-parcours', path: () => '/parcours' },
    { role: 'orthophoniste', name: 'nouveau-parcours', path: () => '/parcours/nouveau' },
    { role: 'orthophoniste', name: 'parcours', path: () => `/parcours/${pathwayId}` },
    { role: 'orthophoniste', name: 'dmp-du-patient', path: () => `/parcours/${pathwayId}/dmp` },
    {
      role: 'orthophoniste',
      name: 'ecrire-au-patient',
      path: () => `/parcours/${pathwayId}/patient`,
    },
    { role: 'orthophoniste', name: 'mes-patients', path: () => '/mes-patients' },
    { role: 'orthophoniste', name: 'situation-exercice', path: () => '/situation-exercice' },
    { role: 'orthophoniste', name: 'notifications', path: () => '/mes-notifications' },
    { role: 'coordinator', name: 'tableau-de-bord', path: () => `/tableau-de-bord?${cpts}` },
    { role: 'coordinator', name: 'relances', path: () => `/relances?${cpts}` },
    { role: 'coordinator', name: 'cpts', path: () => `/organisation?${cpts}` },
    { role: 'coordinator', name: 'journal-audit', path: () => `/journal-audit?${cpts}` },
  ];

  it.each(Object.entries(VIEWPORTS))(
    'passes axe-core and is captured: %s',
    async (screen, viewport) => {
      const sessions = new Map<string, { context: BrowserContext; page: Page }>();
      const who = { orthophoniste: /Hugo BERNARD/, coordinator: /Sophie GARNIER/ } as const;
      const found: Record<string, AxeViolation[]> = {};
      for (const { role, name, path } of PAGES) {
        let session = sessions.get(role);
        if (!session) {
          const context = await webContext(browser, viewport);
          const page = await context.newPage();
          if (role !== 'none') await logInAs(page, web.url, who[role]);
          session = { context, page };
          sessions.set(role, session);
        }
        const { page } = session;
        await page.goto(`${web.url}${path()}`);
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        if (name === 'tableau-de-bord') await page.locator('[data-chart-ready="true"]').waitFor();
        expect(await page.locator('h1').count()).toBe(1);
        const violations = await seriousViolations(page);
        if (violations.length > 0) found[name] = violations;
        await screenshot(page, `${name}-${screen}`);
      }
      for (const { context } of sessions.values()) await context.close();
      expect(found).toEqual({});
    },
  );
});
