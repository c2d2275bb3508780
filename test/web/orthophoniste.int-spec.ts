import type { Browser, Request } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { fieldErrorOf, pdfOf, screenshot, seriousViolations, tabTo } from './support/page-checks';
import { DEMO } from '../../apps/local/demo-data';
import {
  logInAs,
  startWebStack,
  webContext,
  type WebStack,
  openPathway,
} from './support/web-stack';

/**
 * An orthophoniste's pathway from the pages alone, in Chromium, against what
 * `npm start` runs: Hugo BERNARD logs in through the PSC sandbox's page,
 * identifies Maxime PAT-TROIS through the INSi sandbox, qualifies his
 * identity, finds Dr Claire MARTIN in the Annuaire sandbox by name and town,
 * opens a pathway with her as médecin traitant, and
 * sends the bilan initial with the file picker; the page then shows it
 * received, sent to the médecin traitant and filed in the DMP without being
 * reloaded. Files the DMP would refuse are refused before anything is sent.
 */
describe("an orthophoniste's pathway in the browser", () => {
  let web: WebStack;
  let browser: Browser;

  beforeAll(async () => {
    web = await startWebStack();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('identifies, opens, refuses bad files next to the field, and shows the bilan shared', async () => {
    const context = await webContext(browser);
    const page = await context.newPage();
    await logInAs(page, web.url, /Hugo BERNARD/);
    expect(new URL(page.url()).pathname).toBe('/parcours');
    await page.getByRole('heading', { name: 'Mes parcours' }).waitFor();

    await page.getByRole('link', { name: 'Nouveau parcours' }).first().click();
    await page.getByRole('heading', { name: 'Nouveau parcours' }).waitFor();
    await page.getByLabel('Nom de naissance').fill('PAT-TROIS');
    await page.getByLabel('Prénoms').fill('MAXIME JULES');
    await page.getByLabel('Date de naissance').fill('2016-09-14');
    await page.getByLabel('Sexe').selectOption('M');
    await page.getByRole('button', { name: 'Rechercher dans INSi' }).click();
    await page.getByText('Identité récupérée').waitFor();
    expect(await page.getByText('116095145402797').count()).toBeGreaterThan(0);
    await page.getByLabel("Pièce d'identité vérifiée").selectOption('passeport');
    await page.getByRole('button', { name: "J'ai vérifié cette pièce" }).click();
    await page.getByText('Identité qualifiée', { exact: false }).first().waitFor();

    // Two Dr MARTIN in the Annuaire sandbox: the town tells them apart.
    await page.getByLabel('Nom du médecin', { exact: true }).fill('martin');
    await page.getByRole('button', { name: "Chercher dans l'Annuaire" }).click();
    await page.getByRole('button', { name: 'Choisir Dr Julien MARTIN' }).waitFor();
    await page.getByLabel('Ville (facultatif)').fill('Bordeaux');
    await page.getByRole('button', { name: "Chercher dans l'Annuaire" }).click();
    await page
      .getByRole('button', { name: 'Choisir Dr Julien MARTIN' })
      .waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Choisir Dr Claire MARTIN' }).click();
    expect(await page.getByLabel('RPPS du médecin traitant').inputValue()).toBe('99700000011');
    await page.getByRole('button', { name: 'Ouvrir le parcours' }).click();
    await page.waitForURL(/\/parcours\/[0-9a-f-]{36}$/);
    const pathwayId = new URL(page.url()).pathname.split('/').pop() as string;
    const bilan = page.locator('section', {
      has: page.getByRole('heading', { name: 'Bilan initial', exact: true }),
    });
    await bilan.getByLabel('Fichier', { exact: true }).waitFor();

    // Nothing leaves the browser for a file the DMP would refuse.
    const uploads: Request[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes(`/pathways/${pathwayId}/bilan-initial`)) {
        uploads.push(r);
      }
    });
    const fileField = bilan.getByLabel('Fichier', { exact: true });
    await bilan.getByLabel('Titre', { exact: true }).fill('Bilan orthophonique initial');
    await fileField.setInputFiles({
      name: 'bilan.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from('PK\u0003\u0004 not a format of the DMP'),
    });
    await bilan.getByRole('button', { name: 'Envoyer le bilan initial' }).click();
    await expect(fieldErrorOf(fileField)).resolves.toMatch(/^Format non accepté/);
    await fileField.setInputFiles({
      name: 'bilan-lourd.pdf',
      mimeType: 'application/pdf',
      buffer: pdfOf(6 * 1024 * 1024),
    });
    await bilan.getByRole('button', { name: 'Envoyer le bilan initial' }).click();
    await expect(fieldErrorOf(fileField)).resolves.toMatch(/^Le fichier dépasse 5 Mo/);
    expect(uploads).toHaveLength(0);
    await screenshot(page, 'orthophoniste-upload-refused-desktop');

    // The real one, by the file picker; the page follows the sharing on its own.
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    const chooser = page.waitForEvent('filechooser');
    await fileField.click();
    await (
      await chooser
    ).setFiles({
      name: 'bilan.pdf',
      mimeType: 'application/pdf',
      buffer: pdfOf(40_000),
    });
    await bilan.getByRole('button', { name: 'Envoyer le bilan initial' }).click();
    await bilan.getByText('Reçu le', { exact: false }).first().waitFor({ timeout: 30_000 });
    await bilan
      .getByText('Envoyé au médecin traitant', { exact: false })
      .first()
      .waitFor({ timeout: 60_000 });
    await bilan
      .getByText('Classé dans le DMP', { exact: false })
      .first()
      .waitFor({ timeout: 60_000 });
    expect(uploads).toHaveLength(1);
    expect(navigations).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'orthophoniste-pathway-shared-desktop');

    // Back in the list, the pathway is there under the patient's name.
    await page.getByRole('link', { name: 'Mes parcours' }).click();
    await page
      .getByRole('link', { name: /Maxime PAT-TROIS/i })
      .first()
      .waitFor();
    await context.close();
  });

  it('sends a bilan with the keyboard only', async () => {
    const context = await webContext(browser);
    const page = await context.newPage();
    await logInAs(page, web.url, /Hugo BERNARD/);
    const pathwayId = await openPathway(page, web.url, {
      cptsId: DEMO.cpts.acceleree,
      practitionerId: DEMO.practitioners.hugoBernard,
      patientId: DEMO.patients.dominiquePatTrois,
      medecinTraitant: { declared: false },
      consentementDmp: 'refused',
    });
    await page.goto(`${web.url}/parcours/${pathwayId}`);
    const bilan = page.locator('section', {
      has: page.getByRole('heading', { name: 'Bilan initial', exact: true }),
    });
    await bilan.getByLabel('Fichier', { exact: true }).waitFor();
    // Once the worker has started the pathway the page stops changing under the keyboard.
    await page.getByText('Parcours ouvert', { exact: false }).first().waitFor();
    await page.getByText('vient d’être ouvert', { exact: false }).waitFor({ state: 'detached' });

    // Listened for first: Playwright starts intercepting file choosers asynchronously, and a
    // key press (unlike a click, which waits for the element) could beat it.
    const chooser = page.waitForEvent('filechooser');
    await tabTo(page, 'Fichier');
    expect(await page.evaluate<string>('document.activeElement.type')).toBe('file');
    await page.keyboard.press('Space');
    await (
      await chooser
    ).setFiles({ name: 'bilan.pdf', mimeType: 'application/pdf', buffer: pdfOf(10_000) });
    await tabTo(page, 'Titre');
    await page.keyboard.type('Bilan initial (clavier)');
    await tabTo(page, 'Envoyer le bilan initial');
    await page.keyboard.press('Enter');
    await bilan.getByText('Reçu le', { exact: false }).first().waitFor({ timeout: 30_000 });
    await bilan.getByText('Bilan initial (clavier)').first().waitFor();
    await context.close();
  });

  it('sends an expired session back to the login, then to the page it was on; logs out', async () => {
    const context = await webContext(browser);
    const page = await context.newPage();
    await logInAs(page, web.url, /Hugo BERNARD/);
    await page.getByRole('link', { name: "Situation d'exercice" }).click();
    await page.getByRole('heading', { name: "Situation d'exercice" }).waitFor();

    // The session cookie gone (expired in the browser), the next page asked for goes to the login.
    await context.clearCookies();
    await page.getByRole('link', { name: 'Notifications' }).click();
    await page.waitForURL((u) => u.pathname === '/connexion');
    expect(new URL(page.url()).searchParams.get('retour')).toBe('/mes-notifications');
    await page.getByText('Votre session a expiré', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).click();
    await page.getByRole('button', { name: /Hugo BERNARD/ }).click();
    await page.waitForURL((u) => u.origin === web.url && u.pathname === '/mes-notifications');
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();

    // Logging out closes the engine's session and PSC's, and comes back to the login.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    const pscLogout = page.getByRole('button', { name: 'Se déconnecter' });
    await page.waitForURL((u) => u.origin !== web.url || u.pathname === '/connexion');
    if (new URL(page.url()).origin !== web.url) await pscLogout.click();
    await page.waitForURL((u) => u.origin === web.url && u.pathname === '/connexion');
    expect((await page.request.get(`${web.url}/auth/me`)).status()).toBe(401);
    await context.close();
  });
});
