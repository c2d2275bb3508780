import { readFileSync } from 'node:fs';
import type { MssConfig } from '@app/config';
import type { AnnuaireSanteClientOptions, MssClientOptions, XdmSoftware } from '@app/mss';
import { mssTlsFromPkcs12 } from '@app/mss';
import type { Credential } from '@app/pki';

/** What the engine needs to write and read MSSanté mail and to look addresses up. */
export interface MssRuntime {
  client: MssClientOptions;
  directory: AnnuaireSanteClientOptions;
  /** Mailbox poll and notification delivery period. */
  pollEveryMs: number;
  /** README.TXT of the IHE XDM packages. */
  software: XdmSoftware;
}

const SOFTWARE: XdmSoftware = {
  name: 'acces-direct-engine',
  version: '0.1.0',
  vendor: 'Accès direct engine contributors (Apache-2.0)',
};

/** A real operator: endpoints and the mailbox's IGC-Santé certificate from configuration. */
export function configuredMssRuntime(mss: MssConfig): MssRuntime {
  const { operator, directory } = mss;
  if (!operator || !directory) {
    throw new Error(
      'MSS_SMTP_URL, MSS_IMAP_URL, MSS_ADDRESS, MSS_TLS_PKCS12, MSS_CA, MSS_NIL, ANNUAIRE_SANTE_URL and ' +
        'ANNUAIRE_SANTE_API_KEY must be set to run against MSSanté; `npm start` runs the sandboxes instead.',
    );
  }
  const smtp = new URL(operator.smtpUrl);
  const imap = new URL(operator.imapUrl);
  return {
    client: {
      smtp: {
        host: smtp.hostname,
        port: Number(smtp.port),
        implicitTls: smtp.protocol === 'smtps:',
      },
      imap: {
        host: imap.hostname,
        port: Number(imap.port),
        implicitTls: imap.protocol === 'imaps:',
      },
      tls: mssTlsFromPkcs12(readFileSync(operator.tlsPkcs12.path), operator.tlsPkcs12.password, [
        readFileSync(operator.caPath, 'utf8'),
      ]),
      mailbox: {
        address: operator.address,
        ...(operator.imapPassword ? { password: operator.imapPassword } : {}),
      },
      nil: mss.nil,
      addressRules: { domainSuffixes: mss.domainSuffixes },
    },
    directory: { baseUrl: directory.url, apiKey: directory.apiKey },
    pollEveryMs: mss.pollEveryMs,
    software: SOFTWARE,
  };
}

/** The local operator and directory sandboxes, with the test PKI's structure certificate. */
export function sandboxMssRuntime(
  mss: MssConfig,
  sandbox: {
    smtp: { host: string; port: number };
    imap: { host: string; port: number };
    address: string;
    imapPassword: string;
    directoryUrl: string;
    directoryApiKey: string;
  },
  auth: Credential,
  caPem: string[],
): MssRuntime {
  return {
    client: {
      smtp: { ...sandbox.smtp, implicitTls: true },
      imap: { ...sandbox.imap, implicitTls: true },
      tls: {
        privateKeyPem: auth.privateKeyPem,
        certificatePem: auth.certificatePem,
        chainPem: auth.chainPem,
        caPem,
      },
      mailbox: { address: sandbox.address, password: sandbox.imapPassword },
      nil: mss.nil,
      addressRules: { domainSuffixes: mss.domainSuffixes },
    },
    directory: { baseUrl: sandbox.directoryUrl, apiKey: sandbox.directoryApiKey },
    pollEveryMs: mss.pollEveryMs,
    software: SOFTWARE,
  };
}
