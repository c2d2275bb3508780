/**
 * `npm run demo`: one complete accès-direct pathway driven through the HTTP
 * API, printed step by step. It uses the engine started by `npm start` when
 * one answers, and otherwise starts the same embedded stack for the length of
 * the demo. The pathway belongs to the demo CPTS whose delays are in seconds,
 * so that a late bilan's reminder shows up within half a minute.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '@app/config';
import { SandboxPage, getFromSandbox } from '@app/dmp';
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
const COMPTE_RENDU_TXT = Buffer.from(
  'Compte-rendu de fin de rééducation orthophonique.\nObjectifs atteints ; pas de suite nécessaire.\n',
  'utf8',
);

interface Json {
  [key: string]: unknown;
}

class Api {
  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, body?: Json | FormData): Promise<Json> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers:
        body && !(body instanceof FormData) ? { 'content-type': 'application/json' } : undefined,
      body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
    });
    const json = (await response.json()) as Json;
    if (!response.ok)
      throw new Error(`${method} ${path} → ${response.status}: ${String(json.message)}`);
    return json;
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
    form.append(
      'documentDate',
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date()),
    );
    return this.call('POST', path, form);
  }
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
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
    stack = await startLocalStack(config, { seedDemoData: true, log: say, nestLogger: ['error'] });
    url = stack.apiUrl;
  }
  try {
    await demo(new Api(url));
  } finally {
    if (stack) {
      say('Stopping the embedded engine…');
      await stack.stop();
    }
  }
}

async function demo(api: Api): Promise<void> {
  const opened = await api.call('POST', '/pathways', {
    cptsId: DEMO.cpts.acceleree,
    practitionerId: DEMO.practitioners.hugoBernard,
    patientId: DEMO.patients.leoMartin,
    medecinTraitant: {
      declared: true,
      rpps: '10000000015',
      name: 'Dr Claire MARTIN',
      mssAddress: 'claire.martin@medecin-demo.mssante.fr',
    },
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

  view = await api.call('POST', `/pathways/${id}/end-of-care`, {});
  const compteRendu = view.compteRendu as { dueAt: string };
  say(`5. End of care declared; compte-rendu due at ${compteRendu.dueAt}`);

  view = await api.upload(
    `/pathways/${id}/compte-rendu`,
    COMPTE_RENDU_TXT,
    'compte-rendu.txt',
    'text/plain',
    'Compte-rendu de fin de rééducation',
  );
  say(`6. Compte-rendu received; step: ${String(view.step)} (filing it in the DMP before closing)`);
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

interface DmpFilingJson {
  status: string;
  waitingFor: string | null;
  skipReason: string | null;
  reason: string | null;
  dmpUniqueId: string | null;
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
