import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@app/config';
import { ValueSets } from '@app/dmp';
import {
  DEFAULT_SANDBOX_API_KEY,
  MssClient,
  buildXdmPackage,
  documentLetter,
  ensureDovecot,
  stepMessageId,
} from '@app/mss';
import type { TestPki } from '@app/pki';
import { MssRuntime, sandboxMssRuntime } from '../apps/shared/mss-runtime';
import { SANDBOX_ENGINE_ADDRESS } from '../apps/shared/mss-sandboxes';
import type { OperatorProcessReady, OperatorProcessStart } from './mss-operator-process';
import { sampleSubmission } from '../libs/dmp/cda/sample-submission';

export interface MssSendTiming {
  messages: number;
  seconds: number;
  perSecond: number;
  /** CPU time (user + system) of the sending process per message: what one core of the engine can do. */
  cpuMsPerMessage: number;
}

/**
 * A physician's mailbox of the operator sandbox, without the automatic MDN of
 * the Annuaire's physicians: the MDN is the receiving software's work (and
 * carries the whole original back), not part of sending.
 */
const RECIPIENT = 'bench.medecin@medecin.sandbox.mssante.fr';

/**
 * Composes and sends, as the pathway's activity does, messages each carrying
 * a 5 MB PDF and its IHE XDM package (CDA + METADATA.XML, zipped) to the
 * operator sandbox: SMTP over mutual TLS on loopback, with the operator
 * storing each message before it answers (in a process of its own, as an
 * operator is another machine). A few connections in parallel, as a worker
 * running several activities would.
 */
export async function measureMssSending(
  pki: TestPki,
  { messages = 60, connections = 4, documentBytes = 5 * 1024 * 1024 } = {},
): Promise<{ timing: MssSendTiming; runtime: MssRuntime; cleanup: () => Promise<void> }> {
  await ensureDovecot();
  const dataDir = await mkdtemp(join(tmpdir(), 'acces-direct-bench-mss-'));
  const operator = fork(require.resolve('./mss-operator-process'), { serialization: 'advanced' });
  const cleanup = async () => {
    if (operator.exitCode === null) {
      operator.send('stop');
      await once(operator, 'exit');
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const start: OperatorProcessStart = {
    dataDir,
    pki,
    recipient: { address: RECIPIENT, displayName: 'Dr Bench MEDECIN' },
  };
  try {
    operator.send(start);
    const ready = await new Promise<OperatorProcessReady>((resolve, reject) => {
      operator.once('message', resolve);
      operator.once('exit', (code) =>
        reject(new Error(`the bench operator sandbox exited (${code})`)),
      );
    });
    const runtime = sandboxMssRuntime(
      loadConfig({}).mss,
      {
        smtp: ready.smtp,
        imap: ready.imap,
        address: SANDBOX_ENGINE_ADDRESS,
        imapPassword: ready.imapPassword,
        directoryUrl: ready.directoryUrl,
        directoryApiKey: DEFAULT_SANDBOX_API_KEY,
      },
      pki.structureAuth,
      pki.caPem,
    );
    const client = new MssClient({ ...runtime.client, maxConnections: connections });
    const valueSets = ValueSets.load();
    const pdf = randomBytes(documentBytes);
    pdf.write('%PDF-1.7\n', 0, 'latin1');
    const submission = sampleSubmission({ mediaType: 'application/pdf', bytes: pdf });
    const sendOne = async (n: number) => {
      const messageId = stepMessageId('bench', `${n}`, 'cpts.sandbox.mssante.fr');
      const xdm = buildXdmPackage({
        submission,
        valueSets,
        sourceId: '1.2.250.1.999.1.1',
        submissionSetUniqueId: `2.25.${1000 + n}`,
        entryUUID: `urn:uuid:00000000-0000-4000-a000-${String(n).padStart(12, '0')}`,
        submissionTime: new Date(),
        intendedRecipients: [{ address: RECIPIENT }],
        software: runtime.software,
      });
      const letter = documentLetter({
        documentKind: 'bilan_initial',
        documentTitle: 'Bilan orthophonique initial',
        documentDate: '2026-11-26',
        attachmentName: 'bilan.pdf',
        withXdm: true,
        patient: { birthFamilyName: 'BENCH', firstName: 'Test', birthDate: '2015-01-01', sex: 'F' },
        practitioner: {
          name: 'Ortho BENCH',
          rpps: '10000000999',
          profession: 'Orthophoniste',
          mssAddress: client.address,
        },
        recipientName: 'Dr Claire MARTIN',
      });
      await client.send({
        ...letter,
        messageId,
        date: new Date(),
        to: [{ address: RECIPIENT }],
        document: {
          filename: 'bilan.pdf',
          mediaType: 'application/pdf',
          content: pdf,
          hiddenFromPatient: false,
        },
        xdm: { zip: xdm.zip, cdaCodes: [xdm.cdaCode], qualifiedIns: xdm.qualifiedIns },
      });
    };
    // Warm-up (TLS sessions, JIT), with numbers past the measured ones.
    await Promise.all(Array.from({ length: connections }, (_, i) => sendOne(messages + i)));
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    let next = 0;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next < messages) await sendOne(next++);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    client.close();
    const cpuMsPerMessage = (cpu.user + cpu.system) / 1000 / messages;
    return {
      timing: { messages, seconds, perSecond: messages / seconds, cpuMsPerMessage },
      runtime,
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
