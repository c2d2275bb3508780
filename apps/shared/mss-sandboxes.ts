import { join } from 'node:path';
import type { MssConfig } from '@app/config';
import {
  AnnuaireSandbox,
  DEFAULT_SANDBOX_API_KEY,
  DEFAULT_SANDBOX_PRACTITIONERS,
  MssOperatorSandbox,
  type MssSandboxMailbox,
  sandboxMssMailboxes,
  uniqueByAddress,
} from '@app/mss';
import type { TestPki } from '@app/pki';
import { MssRuntime, sandboxMssRuntime } from './mss-runtime';

/** The engine's own mailbox at the sandbox operator: an applicative BAL of the test structure. */
export const SANDBOX_ENGINE_ADDRESS = 'acces-direct@cpts.sandbox.mssante.fr';

export interface MssSandboxes {
  operator: MssOperatorSandbox;
  directory: AnnuaireSandbox;
  runtime: MssRuntime;
  stop(): Promise<void>;
}

export interface MssSandboxesOptions {
  dataDir: string;
  pki: TestPki;
  config: MssConfig;
  /** 0 for free ports (tests); the configured sandbox ports otherwise. */
  ports?: { smtp: number; imap: number; directory: number };
  /** Practitioners' and coordinators' mailboxes (demo data), besides the directory's physicians. */
  mailboxes?: MssSandboxMailbox[];
  log?: (line: string) => void;
}

/**
 * Starts the MSSanté operator sandbox (SMTP + IMAP over mutual TLS) and the
 * Annuaire Santé sandbox, with one directory of mailboxes: the engine's, the
 * physicians the Annuaire knows (their software integrates the XDM and sends
 * a processed MDN, as ANS asks) and the ones given.
 */
export async function startMssSandboxes(options: MssSandboxesOptions): Promise<MssSandboxes> {
  const { pki, config } = options;
  const ports = options.ports ?? {
    smtp: config.sandbox.smtpPort,
    imap: config.sandbox.imapPort,
    directory: config.sandbox.directoryPort,
  };
  const physicians: MssSandboxMailbox[] = sandboxMssMailboxes().map((m) => ({
    address: m.address,
    kind: m.type === 'ORG' || m.type === 'APP' ? m.type : 'PER',
    displayName: m.displayName,
    autoMdn: 'processed',
  }));
  const mailboxes: MssSandboxMailbox[] = [
    {
      address: SANDBOX_ENGINE_ADDRESS,
      kind: 'APP',
      displayName: 'Accès direct CPTS',
      structureIdNat: pki.structureAuth.idNatStruct,
    },
    ...physicians,
    ...(options.mailboxes ?? []),
  ];
  const operator = await MssOperatorSandbox.start({
    dataDir: join(options.dataDir, 'mss-operator'),
    tls: {
      caPem: pki.caPem,
      keyPem: pki.server.privateKeyPem,
      certificatePem: [pki.server.certificatePem, ...pki.server.chainPem].join('\n'),
    },
    mailboxes: uniqueByAddress(mailboxes),
    smtpPort: ports.smtp,
    imapPort: ports.imap,
    ...(options.log ? { log: options.log } : {}),
  });
  let directory: AnnuaireSandbox;
  try {
    directory = await AnnuaireSandbox.start({
      practitioners: DEFAULT_SANDBOX_PRACTITIONERS,
      apiKey: DEFAULT_SANDBOX_API_KEY,
      port: ports.directory,
    });
  } catch (error) {
    await operator.stop();
    throw error;
  }
  const runtime = sandboxMssRuntime(
    config,
    {
      smtp: operator.smtp,
      imap: operator.imap,
      address: SANDBOX_ENGINE_ADDRESS,
      imapPassword: operator.imapPassword(SANDBOX_ENGINE_ADDRESS),
      directoryUrl: directory.baseUrl,
      directoryApiKey: DEFAULT_SANDBOX_API_KEY,
    },
    pki.structureAuth,
    pki.caPem,
  );
  return {
    operator,
    directory,
    runtime,
    stop: async () => {
      await directory.stop();
      await operator.stop();
    },
  };
}
