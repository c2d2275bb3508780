import type { Browser, Locator, Page, Request } from 'playwright-core';
import { NORMAL_VISIBILITY, OTHER_AUTHORS } from '@app/dmp';
import { DEMO, DEMO_DMP_PATIENTS } from '../../apps/local/demo-data';
import { launchBrowser } from '../support/browser';
import { waitFor } from '../support/harness';
import { fieldErrorOf, pdfOf, screenshot, seriousViolations } from './support/page-checks';
import {
  VIEWPORTS,
  logInAs,
  openPathway,
  startWebStack,
  webContext,
  type WebStack,
} from './support/web-stack';

/** Dominique PAT-TROIS and Léo MARTIN-TEST as the DMP sandbox knows them: other authors file for them. */
const [DOMINIQUE, LEO] = DEMO_DMP_PATIENTS;

/** Dominique PAT-TROIS's Mon espace santé, at the MSSanté operator sandbox. */
const DOMINIQUE_MAILBOX = '279035121518989@patient.mssante.fr';

/** The demo authorised Hugo BERNARD a month before the stack started (seedDemoDmp). */
function demoAuthorizationDay(): string {
  const day = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${day}T12:00:00Z`));
}

/** A pathway of Hugo BERNARD's (the demo CPTS with delays in seconds). */
function hugosPathway(patientId: string) {
  return {
    cptsId: DEMO.cpts.acceleree,
    practitionerId: DEMO.practitioners.hugoBernard,
    patientId,
    medecinTraitant: { declared: true, rpps: '99700000011', name: 'Dr Claire MARTIN' },
    consentementDmp: 'given',
  };
}

/** A document written online through the API, in the page's session (as the pages do it). */
async function postWritten(
  page: Page,
  url: string,
  path: string,
  body: Record<string, unknown>,
): Promise<void> {
  const answer = await page.request.post(`${url}${path}`, { headers: { Origin: url }, data: body });
  if (!answer.ok())
    throw new Error(`POST ${path} answered ${answer.status()}: ${await answer.text()}`);
}

/** Reloads the page until `shown` is on it: for what arrives while the page has no refetch due. */
async function reloadUntil(page: Page, shown: Locator, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `${shown.toString()} on ${page.url()}`,
    async () => {
      await page.reload();
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      return (await shown.count()) > 0;
    },
    timeoutMs,
  );
}

/**
 * The orthophoniste's "Web PS" pages in Chromium, against what `npm start`
 * runs: a document written online, the patient's DMP (other authors'
 * documents, what the DMP masks left out, the authorisation asked of the
 * patient), « Mes patients » with the DMP alerts, and the conversation with
 * the patient over Mon espace santé — the patient's mailbox at the MSSanté
 * operator sandbox answering. The DMP is looked at every few seconds for
 * alerts, so that a document another author files shows in the
 * notifications while the test waits.
 */
describe("the orthophoniste's DMP, patients and patient messages in the browser", () => {
  let web: WebStack;
  let browser: Browser;

  beforeAll(async () => {
    web = await startWebStack({ DMP_ALERTS_EVERY_MINUTES: '0.05' });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('writes the bilan online: an empty text is refused at its field, the text is received and filed', async () => {
    const context = await webContext(browser);
    const page = await context.newPage();
    await logInAs(page, web.url, /Hugo BERNARD/);
    const pathwayId = await openPathway(page, web.url, hugosPathway(DEMO.patients.ines));
    await page.goto(`${web.url}/parcours/${pathwayId}`);
    const bilan = page.locator('section', {
      has: page.getByRole('heading', { name: 'Bilan initial', exact: true }),
    });
    await bilan.getByLabel('Rédiger le document (texte libre)').check();
    const text = bilan.getByLabel('Texte du document');
    await text.waitFor();

    const sent: Request[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes(`/pathways/${pathwayId}/bilan-initial`)) {
        sent.push(r);
      }
    });
    await bilan.getByRole('button', { name: 'Envoyer le bilan initial' }).click();
    await expect(fieldErrorOf(text)).resolves.toMatch(/^Rédigez le texte du document/);
    expect(sent).toHaveLength(0);

    await text.fill(
      'Bilan orthophonique initial.\n\nDifficultés articulatoires sur les fricatives.\nRééducation : deux séances par semaine.',
    );
    await bilan.getByRole('button', { name: 'Envoyer le bilan initial' }).click();
    await bilan.getByText('Reçu le', { exact: false }).first().waitFor({ timeout: 30_000 });
    await bilan
      .getByText('Classé dans le DMP', { exact: false })
      .first()
      .waitFor({ timeout: 60_000 });
    expect(sent).toHaveLength(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'web-ps-written-bilan-desktop');

    // In the patient's DMP, it is the pathway's own, and reads as it was typed.
    await page.getByRole('link', { name: 'DMP du patient' }).click();
    await page.getByRole('heading', { name: 'DMP du patient', level: 1 }).waitFor();
    const own = page.locator('li.dmp-document', {
      has: page.getByRole('heading', { name: 'Bilan orthophonique initial' }),
    });
    await own.getByText('Déposé par ce parcours').waitFor({ timeout: 30_000 });
    await own.getByRole('button', { name: /Lire le document/ }).click();
    await expect(own.locator('pre').innerText()).resolves.toContain(
      'Difficultés articulatoires sur les fricatives.\nRééducation',
    );
    await context.close();
  });

  it("lists other authors' DMP documents without the masked one, opens one, and asks for the authorisation when the DMP wants it", async () => {
    const hugoContext = await webContext(browser);
    const hugo = await hugoContext.newPage();
    await logInAs(hugo, web.url, /Hugo BERNARD/);
    const pathwayId = await openPathway(
      hugo,
      web.url,
      hugosPathway(DEMO.patients.dominiquePatTrois),
    );
    // Besides the demo's texts, a PDF by another author.
    await web.stack.dmpSandbox!.addDocument({
      patient: DOMINIQUE,
      author: OTHER_AUTHORS.kinesitherapeute,
      typeCode: '11488-4',
      title: 'Courrier de kinésithérapie (PDF)',
      content: { mediaType: 'application/pdf', bytes: pdfOf(20_000) },
      visibility: NORMAL_VISIBILITY,
    });
    await hugo.goto(`${web.url}/parcours/${pathwayId}`);

    // The DMP away (its 503 as the API answers it): the page says so and offers to try again.
    const listRoute = `${web.url}/pathways/${pathwayId}/dmp/documents`;
    await hugo.route(listRoute, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 503, message: 'the DMP does not answer', problems: [] }),
      }),
    );
    await hugo.getByRole('link', { name: 'DMP du patient' }).click();
    await hugo.waitForURL(`${web.url}/parcours/${pathwayId}/dmp`);
    await hugo
      .getByText('Le DMP ne répond pas pour l’instant', { exact: false })
      .waitFor({ timeout: 30_000 });
    expect(await seriousViolations(hugo)).toEqual([]);
    await hugo.unroute(listRoute);
    await hugo.getByRole('button', { name: 'Réessayer' }).click();
    await hugo.getByRole('heading', { name: /Documents du DMP/ }).waitFor({ timeout: 30_000 });

    await hugo.getByText(`donnée le ${demoAuthorizationDay()}`).waitFor();
    await hugo
      .getByText(/à renouveler avant le/)
      .first()
      .waitFor();
    const consultation = hugo.locator('li.dmp-document', {
      has: hugo.getByRole('heading', { name: 'Compte rendu de consultation', exact: true }),
    });
    await consultation.getByText('FOURNIER-TEST', { exact: false }).waitFor();
    const letter = hugo.locator('li.dmp-document', {
      has: hugo.getByRole('heading', { name: /Courrier de consultation/ }),
    });
    await letter.getByText('Masqué au patient').waitFor();
    // Masked from professionals (MASQUE_PS): the DMP does not show it to Hugo at all.
    expect(await hugo.getByText('Bilan masso-kinésithérapique initial').count()).toBe(0);
    // Newest first: the letter (five days ago) before the consultation (twenty).
    const titles = await hugo.locator('li.dmp-document h3').allInnerTexts();
    expect(titles.indexOf('Courrier de consultation — résultats à annoncer')).toBeLessThan(
      titles.indexOf('Compte rendu de consultation'),
    );

    await consultation.getByRole('button', { name: /Lire le document/ }).click();
    const body = consultation.locator('pre.dmp-text');
    await body.waitFor({ timeout: 30_000 });
    await expect(body.innerText()).resolves.toContain(
      'Consultation de médecine générale.\n\nMotif : suivi annuel',
    );
    // A PDF opens from its link, as its author filed it.
    const pdf = hugo.locator('li.dmp-document', {
      has: hugo.getByRole('heading', { name: 'Courrier de kinésithérapie (PDF)' }),
    });
    await pdf.getByRole('button', { name: /Lire le document/ }).click();
    const pdfLink = pdf.getByRole('link', { name: /Ouvrir le document \(PDF/ });
    await pdfLink.waitFor({ timeout: 30_000 });
    expect(await pdfLink.getAttribute('target')).toBe('_blank');
    const file = await hugo.request.get(
      new URL((await pdfLink.getAttribute('href'))!, web.url).href,
    );
    expect(file.headers()['content-type']).toBe('application/pdf');
    expect((await file.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await seriousViolations(hugo)).toEqual([]);
    await screenshot(hugo, 'web-ps-dmp-documents-desktop');
    await hugoContext.close();

    // Camille LEROY was never authorised: the page asks, she confirms, the list comes.
    const camilleContext = await webContext(browser, VIEWPORTS.phone);
    const camille = await camilleContext.newPage();
    await logInAs(camille, web.url, /Camille LEROY/);
    const hers = await openPathway(camille, web.url, {
      cptsId: DEMO.cpts.troisRivieres,
      practitionerId: DEMO.practitioners.camilleLeroy,
      patientId: DEMO.patients.leoMartin,
      medecinTraitant: { declared: false },
      consentementDmp: 'given',
    });
    await camille.goto(`${web.url}/parcours/${hers}/dmp`);
    await camille
      .getByRole('heading', { name: 'L’autorisation du patient est nécessaire' })
      .waitFor({ timeout: 30_000 });
    await camille.getByText('le patient doit vous y autoriser', { exact: false }).waitFor();
    expect(await camille.locator('li.dmp-document').count()).toBe(0);
    expect(await seriousViolations(camille)).toEqual([]);
    await screenshot(camille, 'web-ps-dmp-authorization-phone');
    await camille
      .getByRole('button', { name: "Le patient m'autorise à consulter son DMP" })
      .click();
    await camille.getByRole('heading', { name: /Documents du DMP/ }).waitFor({ timeout: 30_000 });
    await camille
      .getByRole('heading', { name: 'Compte rendu de consultation', exact: true })
      .waitFor();
    await camille.getByText(/donnée le/).waitFor();

    // Without a qualified INS there is no DMP to read: the page says why.
    const provisional = await openPathway(camille, web.url, {
      cptsId: DEMO.cpts.troisRivieres,
      practitionerId: DEMO.practitioners.camilleLeroy,
      patientId: DEMO.patients.sansIns,
      medecinTraitant: { declared: false },
      consentementDmp: 'given',
    });
    await camille.goto(`${web.url}/parcours/${provisional}/dmp`);
    await camille
      .getByText('Le DMP ne s’ouvre qu’avec une identité INS qualifiée', { exact: false })
      .waitFor({ timeout: 30_000 });
    await camilleContext.close();
  });

  it('saves the DMP alerts only at a good MSSanté address, shows each patient’s DMP, and notifies a new document', async () => {
    const context = await webContext(browser);
    const page = await context.newPage();
    await logInAs(page, web.url, /Hugo BERNARD/);
    const pathwayId = await openPathway(page, web.url, hugosPathway(DEMO.patients.leoMartin));
    await page.getByRole('link', { name: 'Mes patients' }).click();
    await page.getByRole('heading', { name: 'Mes patients', level: 1 }).waitFor();

    const address = page.getByLabel('Adresse MSSanté où recevoir les alertes');
    // Offered: the address the engine knows for him.
    await expect(address.inputValue()).resolves.toBe('hugo.bernard@ortho-demo.mssante.fr');
    await page.getByLabel('Être alerté des nouveaux documents').check();
    await address.fill('hugo.bernard@gmail.com');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(fieldErrorOf(address)).resolves.toMatch(/n’est pas une messagerie MSSanté/);
    await address.fill('pas une adresse');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(fieldErrorOf(address)).resolves.toMatch(
      /^Saisissez une adresse de messagerie valide/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'web-ps-mes-patients-refused-desktop');
    await address.fill('hugo.bernard@ortho-demo.mssante.fr');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page
      .getByText('Alertes activées : elles arriveront à hugo.bernard@ortho-demo.mssante.fr.')
      .waitFor();

    // The patient's row: his DMP, since when Hugo is authorised, and the watch.
    const leo = page.locator('tr', { has: page.getByText('LEO MARTIN-TEST') });
    await leo.getByText(`Autorisation donnée le ${demoAuthorizationDay()}`).waitFor({
      timeout: 30_000,
    });
    await leo.getByText(/à renouveler avant le/).waitFor();
    await leo.getByText('Alertes actives', { exact: false }).waitFor();
    await leo
      .getByRole('link', { name: /Parcours ouvert le/ })
      .first()
      .waitFor();

    // Once the engine has looked at his DMP (what is there is not news), another author files.
    await reloadUntil(page, leo.getByText(/Dernière vérification de son DMP/));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'web-ps-mes-patients-desktop');
    await web.stack.dmpSandbox!.addDocument({
      patient: LEO,
      author: OTHER_AUTHORS.medecinGeneraliste,
      typeCode: '11488-4',
      title: 'Compte rendu de consultation de suivi',
      text: 'Consultation de suivi.\n\nDocument fictif du bac à sable DMP : aucune donnée réelle.',
      visibility: NORMAL_VISIBILITY,
    });
    await page.getByRole('link', { name: 'Notifications' }).click();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    await reloadUntil(page, page.getByText('Nouveau document dans le DMP'));
    const alert = page.locator('li.panel', { hasText: 'Nouveau document dans le DMP' }).first();
    await alert.getByText('FOURNIER-TEST', { exact: false }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'web-ps-dmp-alert-desktop');
    await alert.getByRole('link', { name: 'Voir le DMP du patient' }).click();
    await page.waitForURL(`${web.url}/parcours/${pathwayId}/dmp`);
    await page
      .getByRole('heading', { name: 'Compte rendu de consultation de suivi' })
      .waitFor({ timeout: 30_000 });
    await context.close();
  });

  it('writes to the patient, shows the reply, ends the conversation, and never offers a document hidden from the patient', async () => {
    const context = await webContext(browser);
    const page = await context.newPage();
    await logInAs(page, web.url, /Hugo BERNARD/);
    const pathwayId = await openPathway(
      page,
      web.url,
      hugosPathway(DEMO.patients.dominiquePatTrois),
    );
    // The bilan masked from the patient, the compte rendu not.
    await postWritten(page, web.url, `/pathways/${pathwayId}/bilan-initial/written`, {
      title: 'Bilan initial (réservé aux professionnels)',
      documentDate: new Date().toISOString().slice(0, 10),
      text: 'Bilan initial.',
      hiddenFromPatient: true,
    });
    await postWritten(page, web.url, `/pathways/${pathwayId}/compte-rendu/written`, {
      title: 'Compte rendu de fin de soins',
      documentDate: new Date().toISOString().slice(0, 10),
      text: 'Compte rendu.',
    });
    await page.goto(`${web.url}/parcours/${pathwayId}`);
    await page.getByRole('link', { name: 'Écrire au patient' }).click();
    await page.getByRole('heading', { name: 'Écrire au patient', level: 1 }).waitFor();
    await page.getByText(DOMINIQUE_MAILBOX).waitFor();
    await page.getByText('Pas encore de message').waitFor();

    const hidden = page.getByLabel(/Bilan initial : « Bilan initial \(réservé/);
    expect(await hidden.isDisabled()).toBe(true);
    await page.getByText('Masqué au patient dans son DMP', { exact: false }).waitFor();
    const compteRendu = page.getByLabel(/Compte rendu : « Compte rendu de fin de soins/);
    expect(await compteRendu.isDisabled()).toBe(false);

    // Nothing leaves the page without a subject.
    const writes: Request[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/patient-conversation/messages'))
        writes.push(r);
    });
    const subject = page.getByLabel('Objet', { exact: true });
    await page
      .getByLabel('Message', { exact: true })
      .fill('Bonjour,\nNous nous voyons jeudi à 17 h.\nBien à vous.');
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await expect(fieldErrorOf(subject)).resolves.toBe('Indiquez l’objet du message.');
    expect(writes).toHaveLength(0);

    await subject.fill('Votre prochaine séance');
    await compteRendu.check();
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    const mine = page.locator('li.conversation-message--mine').first();
    await mine.getByText('Envoyé', { exact: true }).waitFor({ timeout: 30_000 });
    await expect(mine.locator('.conversation-text').innerText()).resolves.toBe(
      'Bonjour,\nNous nous voyons jeudi à 17 h.\nBien à vous.',
    );
    await mine.getByText('Compte rendu de fin de soins').waitFor();
    await page.getByText('Conversation ouverte').waitFor();
    expect(writes).toHaveLength(1);

    // In the patient's Mon espace santé; she answers, and the answer shows on its own.
    const operator = web.stack.mssSandbox!.operator;
    const received = await waitFor('the message in the patient’s mailbox', async () =>
      (await operator.messages(DOMINIQUE_MAILBOX, 'INBOX')).find(
        (m) => m.subject === 'Votre prochaine séance',
      ),
    );
    await operator.reply(DOMINIQUE_MAILBOX, received.messageId!, 'Merci, à jeudi !');
    const theirs = page.locator('li.conversation-message--theirs').first();
    await theirs.getByText('Merci, à jeudi !', { exact: false }).waitFor({ timeout: 60_000 });
    await theirs.getByText('Le patient a répondu').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'web-ps-patient-conversation-desktop');

    // « Envoyer et terminer »: [FIN] in the subject, the conversation ended.
    await subject.fill('Fin du suivi');
    await page
      .getByLabel('Message', { exact: true })
      .fill('Le suivi est terminé. Bonne continuation.');
    await page.getByRole('button', { name: 'Envoyer et terminer la conversation' }).click();
    await page.getByText('Conversation terminée').waitFor({ timeout: 30_000 });
    const ending = await waitFor('the end in the patient’s mailbox', async () =>
      (await operator.messages(DOMINIQUE_MAILBOX, 'INBOX')).find(
        (m) => m.subject === '[FIN] Fin du suivi',
      ),
    );
    expect(ending.raw.toString('latin1')).toMatch(/^X-MSS-MES: FIN/im);

    // An answer that crossed the end still arrives: marked as such. Its Date header counts whole
    // seconds: written in the second the end was sent, it would not read as after it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await operator.reply(DOMINIQUE_MAILBOX, received.messageId!, 'J’avais oublié : merci !', {
      crossingTheEnd: true,
    });
    const late = page.locator('li.conversation-message--theirs', {
      hasText: 'J’avais oublié : merci !',
    });
    await reloadUntil(page, late);
    await late.getByText('Reçu après la fin de la conversation').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'web-ps-patient-conversation-ended-desktop');
    await context.close();
  });

  it('explains that a patient without a qualified INS cannot be written to, the form disabled', async () => {
    const context = await webContext(browser, VIEWPORTS.phone);
    const page = await context.newPage();
    await logInAs(page, web.url, /Hugo BERNARD/);
    const pathwayId = await openPathway(page, web.url, {
      ...hugosPathway(DEMO.patients.sansIns),
      medecinTraitant: { declared: false },
    });
    await page.goto(`${web.url}/parcours/${pathwayId}/patient`);
    await page
      .getByText('son identité INS n’est pas qualifiée', { exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Objet', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Envoyer', exact: true }).isDisabled()).toBe(
      true,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'web-ps-patient-cannot-write-phone');
    await context.close();
  });
});
