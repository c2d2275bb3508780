/**
 * `npm run demo`: one complete accès-direct pathway driven through the HTTP
 * API, printed step by step. It uses the engine started by `npm start` when
 * one answers, and otherwise starts the same embedded stack for the length of
 * the demo. The pathway belongs to the demo CPTS whose delays are in seconds,
 * so that a late bilan's reminder shows up within half a minute.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Runtime } from '@temporalio/worker';
import { redactingLogger } from '@app/temporal';
import { loadConfig } from '@app/config';
import { OTHER_AUTHORS, SandboxPage, getFromSandbox } from '@app/dmp';
import { MssSandboxMaildir } from '@app/mss';
import { SandboxBrowser } from '@app/psc';
import { TEST_VITALE_CARDS } from '@app/readers';
import { localSecret } from '@app/persistence';
import { TestPki, ensureTestPki } from '@app/pki';
import { DEMO } from '../local/demo-data';
import { LocalStack, startLocalStack } from '../local/local-stack';

const started = Date.now();
const say = (line: string) =>
  console.log(`[+${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);

/** A one-page PDF, small but well formed. */
const BILAN_PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
  ].join('\n'),
  'latin1',
);
/** Typed online, as the DMP's Web PS lets an orthophoniste write it. */
const COMPTE_RENDU_TEXT = [
  'Compte rendu de fin de rééducation orthophonique.',
  '',
  'Rééducation du langage oral menée en dix séances.',
  'Objectifs atteints ; pas de suite nécessaire.',
].join('\n');

/** Hugo BERNARD's own MSSanté mailbox at the operator sandbox: his DMP alerts go there. */
const ALERT_ADDRESS = 'hugo.bernard@ortho-demo.mssante.fr';

interface Json {
  [key: string]: unknown;
}

class Api {
  private cookie: string | undefined;

  constructor(readonly baseUrl: string) {}

  /**
   * Logs in as a practitioner of the Pro Santé Connect sandbox, as a browser
   * would: /auth/login sends it to PSC, where the sandbox's login page is
   * answered for this RPPS, and PSC sends it back to /auth/callback.
   */
  async logIn(rpps: string): Promise<string> {
    const start = await fetch(`${this.baseUrl}/auth/login`, { redirect: 'manual' });
    const authorizationUrl = start.headers.get('location');
    if (start.status !== 302 || !authorizationUrl) {
      throw new Error(`GET /auth/login → ${start.status}: is Pro Santé Connect configured?`);
    }
    // The login is bound to the browser that started it: the cookie /auth/login set goes back.
    const loginCookie = start.headers
      .getSetCookie()
      .find((c) => /^(__Host-)?acces_direct_login=/.test(c))
      ?.split(';')[0];
    const psc = new SandboxBrowser(
      (url, init) => fetch(url, init),
      new URL(authorizationUrl).origin,
    );
    const callback = await psc.login(rpps, authorizationUrl);
    const answer = await fetch(`${this.baseUrl}/auth/callback${callback.search}`, {
      headers: loginCookie ? { cookie: loginCookie } : {},
    });
    const json = (await answer.json()) as Json;
    const cookie = answer.headers.getSetCookie().find((c) => c.startsWith('acces_direct_session='));
    if (!answer.ok || !cookie) {
      throw new Error(`login → ${answer.status}: ${String(json.message)}`);
    }
    this.cookie = cookie.split(';')[0];
    return json.name as string;
  }

  /**
   * The headers of a browser page of the engine: the session cookie, and the
   * page's origin (the engine refuses changes with a cookie from anywhere else).
   */
  private headers(): Record<string, string> {
    return this.cookie ? { cookie: this.cookie, origin: new URL(this.baseUrl).origin } : {};
  }

  async call(method: string, path: string, body?: Json | FormData): Promise<Json> {
    const headers = this.headers();
    if (body && !(body instanceof FormData)) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
    });
    const json = (await response.json()) as Json;
    if (!response.ok)
      throw new Error(`${method} ${path} → ${response.status}: ${String(json.message)}`);
    return json;
  }

  /** A file the engine answers (a PDF, a CSV), as bytes. */
  async download(path: string): Promise<Buffer> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: this.headers() });
    if (!response.ok) throw new Error(`GET ${path} → ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** The HTTP status of a call, for the calls the demo expects to be refused. */
  async status(method: string, path: string): Promise<number> {
    return (await fetch(`${this.baseUrl}${path}`, { method, headers: this.headers() })).status;
  }

  upload(
    path: string,
    bytes: Buffer,
    fileName: string,
    mediaType: string,
    title: string,
  ): Promise<Json> {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: mediaType }), fileName);
    form.append('title', title);
    form.append('documentDate', parisToday());
    return this.call('POST', path, form);
  }
}

function parisToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  let url = process.env.DEMO_API_URL ?? `http://127.0.0.1:${config.api.port}`;
  let stack: LocalStack | undefined;
  if (await answers(url)) {
    say(`Using the engine already running at ${url}`);
  } else {
    say(
      'No engine running: starting the embedded one for this demo (PostgreSQL, Temporal, worker, API)…',
    );
    Runtime.install({ logger: redactingLogger('WARN'), shutdownSignals: [] });
    stack = await startLocalStack(config, { seedDemoData: true, log: say, nestLogger: ['error'] });
    url = stack.apiUrl;
  }
  try {
    await demo(new Api(url), stack);
  } finally {
    if (stack) {
      say('Stopping the embedded engine…');
      await stack.stop();
    }
  }
}

async function demo(api: Api, stack: LocalStack | undefined): Promise<void> {
  const name = await api.logIn('10000000102');
  say(`0. Logged in through the Pro Santé Connect sandbox as ${name}`);
  // The child is a dependant on his mother's card: INSi gives his own INS, never the card's NIR.
  const identified = await api.call('POST', '/patients/identify', {
    source: 'vitale',
    vitale: { ...TEST_VITALE_CARDS.famillePatTrois },
    beneficiary: 1,
  });
  const child = identified.patient as {
    id: string;
    identityStatus: string;
    ins: { matricule: string };
  };
  say(
    `   🪪 Patient identified from his mother's Carte Vitale through INSi: INS ${child.ins.matricule} (${child.identityStatus})`,
  );
  const qualified = await api.call('POST', `/patients/${child.id}/identity-document`, {
    document: 'carte-nationale-identite',
    checkedOn: parisToday(),
  });
  say(`   🪪 Identity card checked: the identity is now ${String(qualified.identityStatus)}`);
  const opened = await api.call('POST', '/pathways', {
    cptsId: DEMO.cpts.acceleree,
    practitionerId: DEMO.practitioners.hugoBernard,
    patientId: child.id,
    // Known to the Annuaire Santé sandbox: her MSSanté address is looked up by RPPS.
    medecinTraitant: { declared: true, rpps: '99700000011', name: 'Dr Claire MARTIN' },
    consentementDmp: 'given',
  });
  const id = opened.id as string;
  const patient = opened.patient as { displayName: string };
  const bilan = opened.bilanInitial as { dueAt: string };
  say(
    `1. Pathway ${id} opened for ${patient.displayName}; bilan initial due at ${bilan.dueAt} (CPTS policy: 20 s)`,
  );

  say(
    "2. Waiting for the bilan to be late: the workflow's durable timer will remind the orthophoniste…",
  );
  const reminder = await poll(async () => {
    const list = await api.call('GET', `/notifications?pathwayId=${id}`);
    return (list.items as Json[])[0];
  });
  say(
    `   ⏰ ${String(reminder.kind)} #${String(reminder.count)} for the ${String(reminder.documentKind)} → ${String(reminder.recipientKind)}`,
  );

  let view = await api.upload(
    `/pathways/${id}/bilan-initial`,
    BILAN_PDF,
    'bilan-initial.pdf',
    'application/pdf',
    'Bilan orthophonique initial',
  );
  const document = (view.bilanInitial as { document: { sha256: string; sizeBytes: number } })
    .document;
  say(
    `3. Bilan initial received (${document.sizeBytes} bytes, SHA-256 ${document.sha256.slice(0, 12)}…); step: ${String(view.step)}`,
  );
  const bilanFiled = await poll(async () => {
    const current = await api.call('GET', `/pathways/${id}`);
    const dmp = (current.bilanInitial as DutyDmp).dmp;
    return dmp && dmp.status !== 'to_file' ? dmp : undefined;
  });
  say(`   📁 DMP filing of the bilan: ${describeFiling(bilanFiled)}`);

  view = await api.call('POST', `/pathways/${id}/referrals`, {
    physician: { name: 'Dr Paul ROUX', specialty: 'ORL' },
    reason: 'Avis ORL : suspicion de surdité de transmission',
  });
  say(
    `4. Patient referred to Dr Paul ROUX (ORL); the pathway goes on (step: ${String(view.step)})`,
  );

  await patientDmp(api, id);
  await dmpAlert(api, id, child, stack);

  view = await api.call('POST', `/pathways/${id}/end-of-care`, {});
  const compteRendu = view.compteRendu as { dueAt: string };
  say(`5. End of care declared; compte-rendu due at ${compteRendu.dueAt}`);

  view = await api.call('POST', `/pathways/${id}/compte-rendu/written`, {
    title: 'Compte rendu de fin de rééducation',
    documentDate: parisToday(),
    text: COMPTE_RENDU_TEXT,
  });
  say(
    `6. Compte-rendu written online (filed as a text/plain CDA, mailed with a PDF of it); step: ${String(view.step)}`,
  );
  view = await poll(async () => {
    const current = await api.call('GET', `/pathways/${id}`);
    return current.status === 'active' ? undefined : current;
  });
  const compteRenduFiled = (view.compteRendu as DutyDmp).dmp;
  say(
    `   📁 DMP filing of the compte-rendu: ${compteRenduFiled ? describeFiling(compteRenduFiled) : 'none'}`,
  );
  say(`7. Pathway ${String(view.status)}`);

  const saved = await saveFilings(
    id,
    [bilanFiled, compteRenduFiled].flatMap((f) => (f?.dmpUniqueId ? [f.dmpUniqueId] : [])),
  );
  if (saved) say(`What the DMP received, exactly as sent (CDA and ITI-41 request): ${saved}`);

  const messages = view.messages as MessageJson[];
  say('MSSanté messages to the médecin traitant:');
  for (const message of messages) {
    console.log(`           ${message.purpose.padEnd(14)} ${describeMessage(message)}`);
  }
  const toPatient = await patientMessage(api, id, view, child);
  const received = await saveReceivedMessages(id, [...messages, ...toPatient]);
  if (received) say(`What the operator delivered (médecin, patient), as .eml files: ${received}`);

  // Another orthophoniste, of another CPTS: the pathway does not exist for her.
  const other = new Api(api.baseUrl);
  const otherName = await other.logIn('10000000101');
  say(
    `8. ${otherName} (another CPTS) asks for this pathway: HTTP ${await other.status('GET', `/pathways/${id}`)}; it is not hers`,
  );

  await coordinatorsView(api, id);
  pagesOf(api.baseUrl, id);

  say('History, as the workflow recorded it (and the audit log keeps it):');
  for (const entry of view.history as {
    seq: number;
    at: string;
    actor: { id: string };
    event: { type: string };
  }[]) {
    console.log(
      `           ${String(entry.seq).padStart(2)}  ${entry.at}  ${entry.event.type.padEnd(18)} by ${entry.actor.id}`,
    );
  }
}

/** "Consulter le DMP de ses patients": the patient's DMP documents, as the DMP shows them to Hugo. */
async function patientDmp(api: Api, pathwayId: string): Promise<void> {
  const listed = await api.call('GET', `/pathways/${pathwayId}/dmp/documents`);
  const access = listed.access as { lastAuthorizationDate: string | null; renewBy: string | null };
  const documents = listed.documents as {
    typeLabel: string | null;
    author: string | null;
    date: string | null;
    filedByEngine: boolean;
  }[];
  say(
    `   🗂  The patient's DMP (authorised on ${access.lastAuthorizationDate}, to renew by ${access.renewBy}): ${documents.length} document(s)`,
  );
  for (const document of documents) {
    console.log(
      `           ${(document.date ?? '').slice(0, 10)}  ${String(document.typeLabel).padEnd(40)} ${document.filedByEngine ? 'filed by this pathway' : `by ${String(document.author)}`}`,
    );
  }
}

/**
 * "Les alertes à configurer pour les nouveaux ajouts de documents": Hugo
 * turns alerts on (the engine takes a first look: what is there is not news),
 * a médecin généraliste adds a document to the patient's DMP, and the next
 * look alerts Hugo by MSSanté — type, date and author, never the content.
 * Saving the setting again makes the engine look now rather than at its
 * hourly round.
 */
async function dmpAlert(
  api: Api,
  pathwayId: string,
  child: { id: string; ins: { matricule: string } },
  stack: LocalStack | undefined,
): Promise<void> {
  if (!stack?.dmpSandbox) {
    say(
      '   🔔 DMP alerts: shown only when the demo runs its own engine (it adds a document to the sandbox DMP)',
    );
    return;
  }
  const settings = `/practitioners/${DEMO.practitioners.hugoBernard}/dmp-alerts`;
  await api.call('PUT', settings, { enabled: true, address: ALERT_ADDRESS });
  await poll(async () => {
    const page = await api.call(
      'GET',
      `/practitioners/${DEMO.practitioners.hugoBernard}/patients?pageSize=100`,
    );
    const row = (
      page.items as { patient: { id: string }; alerts: { lastLookAt: string | null } }[]
    ).find((item) => item.patient.id === child.id);
    return row?.alerts.lastLookAt ?? undefined;
  });
  await stack.dmpSandbox.addDocument({
    patient: {
      ins: { matricule: child.ins.matricule, oid: '1.2.250.1.213.1.4.10' },
      birthFamilyName: 'PAT-TROIS',
      firstNames: ['MAXIME'],
      birthDate: '20160915',
      sex: 'M',
    },
    author: OTHER_AUTHORS.medecinGeneraliste,
    typeCode: '11488-4',
    title: 'Compte rendu de consultation',
    text: 'Consultation de médecine générale : audition à contrôler (document fictif du bac à sable).',
  });
  await api.call('PUT', settings, { enabled: true, address: ALERT_ADDRESS });
  const alert = await poll(async () => {
    const list = await api.call('GET', `/notifications?pathwayId=${pathwayId}&kind=alert`);
    return (list.items as Json[])[0];
  });
  const detail = alert.detail as { typeLabel: string; documentDate: string; author: string };
  say(
    `   🔔 DMP alert to ${ALERT_ADDRESS}: new "${detail.typeLabel}" of ${detail.documentDate} by ${detail.author} (${String(alert.deliveryStatus)} by MSSanté)`,
  );
}

/**
 * Writing to the patient at their Mon espace santé address (INS@patient.mssante.fr),
 * which only the practitioner may start: the compte-rendu sent to them, the
 * conversation ended at once with [FIN] (the engine adds X-MSS-MES: FIN).
 */
async function patientMessage(
  api: Api,
  pathwayId: string,
  view: Json,
  child: { ins: { matricule: string } },
): Promise<MessageJson[]> {
  const compteRendu = (view.compteRendu as { document: { id: string } }).document;
  const subject = '[FIN] Votre compte rendu de fin de rééducation';
  await api.call('POST', `/pathways/${pathwayId}/patient-conversation/messages`, {
    subject,
    text: 'Bonjour,\nvoici le compte rendu de fin de rééducation de Maxime.\nBonne continuation.',
    documentIds: [compteRendu.id],
  });
  const sent = await poll(async () => {
    const conversation = await api.call('GET', `/pathways/${pathwayId}/patient-conversation`);
    const messages = conversation.messages as { status: string; subject: string }[];
    return messages.some((m) => m.status === 'sent') ? conversation : undefined;
  });
  say(
    `   ✉  Message to the patient at ${String(sent.patientAddress)}: "${subject}"; conversation ${String(sent.state)}`,
  );
  const address = `${child.ins.matricule}@patient.mssante.fr`;
  const stored = await poll(async () => {
    const config = loadConfig();
    if (config.mss.operator) return null;
    const maildir = new MssSandboxMaildir(join(config.dataDir, 'mss-operator', 'mail'));
    return (await maildir.list(address, 'INBOX')).find((m) => m.subject === subject);
  });
  return stored?.messageId
    ? [
        {
          purpose: 'patient_message',
          status: 'sent',
          skipReason: null,
          detail: null,
          messageId: stored.messageId,
          recipient: address,
        },
      ]
    : [];
}

/**
 * The CPTS's side: its coordinator's indicators and worklist, then the two
 * documents kept for a check — the CPTS's annual activity report and the
 * pathway's justification sheet — saved in a folder the demo prints.
 */
async function coordinatorsView(orthophoniste: Api, pathwayId: string): Promise<void> {
  const coordinator = new Api(orthophoniste.baseUrl);
  const name = await coordinator.logIn(DEMO.coordinatorRpps);
  const cpts = `/cpts/${DEMO.cpts.acceleree}`;
  const indicators = await coordinator.call('GET', `${cpts}/indicators`);
  const figures = indicators.figures as IndicatorFigures;
  const period = indicators.period as { from: string; to: string };
  const bilan = figures.duties.bilanInitial;
  const sharing = figures.sharing.bilanInitial;
  say(
    `9. ${name}, coordinator, looks at the CPTS's indicators (${period.from} → ${period.to}): ` +
      `${figures.pathways.opened} pathways opened (${figures.pathways.completed} completed, ${figures.pathways.active} active)`,
  );
  console.log(
    `           bilans initiaux: ${bilan.receivedOnTime} on time, ${bilan.receivedLate} late, ` +
      `${bilan.missingOverdue} missing and overdue; ${bilan.remindersSent} reminders, ${bilan.escalations} escalations`,
  );
  console.log(
    `           shared: ${sharing.mss.sent}/${sharing.received} sent to the médecin traitant ` +
      `(${sharing.mss.delivered} delivered, ${sharing.mss.read} read), ${sharing.dmp.filed} filed in the DMP`,
  );
  const delay = figures.delays.openingToBilanInitial;
  if (delay.medianDays !== null) {
    console.log(
      `           opening → bilan received: median ${(delay.medianDays * 86_400).toFixed(0)} s`,
    );
  }
  const worklist = await coordinator.call('GET', `${cpts}/worklist`);
  const items = worklist.items as {
    duty: string;
    daysOverdue: number;
    remindersSent: number;
    practitioner: { familyName: string; givenNames: string };
  }[];
  say(`   📋 Worklist: ${String(worklist.total)} overdue duties`);
  for (const item of items.slice(0, 5)) {
    console.log(
      `           ${item.duty.padEnd(14)} ${String(item.daysOverdue).padStart(3)} days overdue, ` +
        `${item.practitioner.givenNames} ${item.practitioner.familyName}, ${item.remindersSent} reminders`,
    );
  }
  const folder = join(loadConfig().dataDir, 'demo-reports');
  await mkdir(folder, { recursive: true });
  const report = join(folder, 'rapport-annuel-cpts.pdf');
  await writeFile(report, await coordinator.download(`${cpts}/reports/annual.pdf`));
  const sheet = join(folder, `justificatif-${pathwayId}.pdf`);
  await writeFile(sheet, await orthophoniste.download(`/pathways/${pathwayId}/justification.pdf`));
  say(`   📄 The CPTS's annual activity report and the pathway's justification sheet: ${folder}`);
}

/**
 * Where to see what the demo did in a browser (after logging in as the
 * practitioner named, through the PSC sandbox's page).
 */
function pagesOf(baseUrl: string, pathwayId: string): void {
  const cpts = `cpts=${DEMO.cpts.acceleree}`;
  say('🖥  The same in the pages (log in with Pro Santé Connect, then pick the practitioner):');
  for (const [who, what, path] of [
    ['Hugo BERNARD', 'the pathway', `/parcours/${pathwayId}`],
    ['Hugo BERNARD', 'his pathways', '/parcours'],
    ['Sophie GARNIER', "the CPTS's dashboard", `/tableau-de-bord?${cpts}`],
    ['Sophie GARNIER', 'the overdue duties', `/relances?${cpts}`],
    ['Sophie GARNIER', "the CPTS's settings and members", `/organisation?${cpts}`],
    ['Sophie GARNIER', "the CPTS's audit journal", `/journal-audit?${cpts}`],
  ]) {
    console.log(`           ${`${what} (${who})`.padEnd(48)} ${baseUrl}${path}`);
  }
}

interface IndicatorFigures {
  pathways: { opened: number; active: number; completed: number };
  duties: {
    bilanInitial: {
      receivedOnTime: number;
      receivedLate: number;
      missingOverdue: number;
      remindersSent: number;
      escalations: number;
    };
  };
  sharing: {
    bilanInitial: {
      received: number;
      mss: { sent: number; delivered: number; read: number };
      dmp: { filed: number };
    };
  };
  delays: { openingToBilanInitial: { medianDays: number | null } };
}

interface DmpFilingJson {
  status: string;
  waitingFor: string | null;
  skipReason: string | null;
  reason: string | null;
  dmpUniqueId: string | null;
}

interface MessageJson {
  purpose: string;
  status: string;
  skipReason: string | null;
  detail: string | null;
  messageId: string | null;
  recipient: string | null;
}

function describeMessage(message: MessageJson): string {
  if (message.status === 'sent') return `sent to ${message.recipient}, ${message.messageId}`;
  if (message.status === 'skipped')
    return `not sent (${message.skipReason}${message.detail ? `: ${message.detail}` : ''})`;
  return 'waiting to be sent';
}

interface DutyDmp {
  dmp: DmpFilingJson | null;
}

function describeFiling(filing: DmpFilingJson): string {
  if (filing.status === 'filed') return `filed, DMP id ${filing.dmpUniqueId}`;
  if (filing.status === 'skipped') return `skipped (${filing.skipReason})`;
  return `waiting for ${filing.waitingFor}: ${filing.reason}`;
}

/**
 * Copies each filed document from the DMP sandbox, as it received it (the
 * CDA and the raw ITI-41 HTTP request), into a folder for anyone to inspect.
 * Only the local sandbox can show this: a real DMP keeps what it received.
 */
async function saveFilings(pathwayId: string, uniqueIds: string[]): Promise<string | undefined> {
  const config = loadConfig();
  if (config.dmp.endpoints || uniqueIds.length === 0) return undefined;
  const pki = ensureTestPki(join(config.dataDir, 'pki'), {
    password: await localSecret(join(config.dataDir, 'secrets', 'pki-password')),
  });
  const folder = join(config.dataDir, 'demo-filings', pathwayId);
  await mkdir(folder, { recursive: true });
  for (const [index, uniqueId] of uniqueIds.entries()) {
    const name = index === 0 ? 'bilan-initial' : 'compte-rendu';
    const base = `https://127.0.0.1:${config.dmp.sandboxPort}/sandbox/submissions/${uniqueId}`;
    const request = await sandboxCopy(`${base}/request`, pki);
    await writeFile(join(folder, `${name}.cda.xml`), (await sandboxCopy(`${base}/cda`, pki)).body);
    await writeFile(join(folder, `${name}.iti41.mime`), request.body);
    await writeFile(join(folder, `${name}.iti41.content-type.txt`), `${request.contentType}\n`);
  }
  return folder;
}

/**
 * Copies each sent message, as the MSSanté operator sandbox stored it in the
 * recipient's Maildir (headers, letter, PDF and IHE XDM package), into a
 * folder as .eml files any mail client opens. Only the local sandbox can show
 * this: a real operator delivers to the médecin's own mailbox.
 */
async function saveReceivedMessages(
  pathwayId: string,
  messages: MessageJson[],
): Promise<string | undefined> {
  const config = loadConfig();
  const sent = messages.filter((m) => m.status === 'sent' && m.recipient && m.messageId);
  if (config.mss.operator || sent.length === 0) return undefined;
  const maildir = new MssSandboxMaildir(join(config.dataDir, 'mss-operator', 'mail'));
  const folder = join(config.dataDir, 'demo-messages', pathwayId);
  await mkdir(folder, { recursive: true });
  for (const [index, message] of sent.entries()) {
    const inbox = await maildir.list(message.recipient as string, 'INBOX');
    const stored = inbox.find((m) => m.messageId === message.messageId);
    if (!stored) throw new Error(`${message.messageId} is not in ${message.recipient}'s mailbox`);
    await writeFile(join(folder, `${index + 1}-${message.purpose}.eml`), stored.raw);
  }
  return folder;
}

async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('the demo waited too long');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

async function sandboxCopy(url: string, pki: TestPki): Promise<SandboxPage> {
  const page = await getFromSandbox(url, { ...pki.structureAuth, caPem: pki.caPem });
  if (page.status !== 200) throw new Error(`${url} answered ${page.status}`);
  return page;
}
