import { readFileSync } from 'node:fs';
import type { InsiConfig } from '@app/config';
import type { InsiClientOptions, InsiSoftware } from '@app/insi';
import { type TestPki, issueTestCredential } from '@app/pki';

/** The software as INSi knows it (LPS): name and version; the IDAM and instance come from config. */
const SOFTWARE = { name: 'acces-direct-engine', version: '0.1.0' };
/** The sandbox accepts any IDAM; this one says it is not a real authorisation. */
const SANDBOX_IDAM = 'SANDBOX';

/** The configured INSi, or none (then `npm start` runs the sandbox). */
export function configuredInsiRuntime(config: InsiConfig): InsiClientOptions | undefined {
  const { endpoint, certificatePath, privateKeyPath, caPath, idam, instanceId } = config;
  if (!endpoint || !certificatePath || !privateKeyPath || !caPath || !idam || !instanceId) {
    return undefined;
  }
  return {
    endpoint,
    tls: {
      certificatePem: readFileSync(certificatePath, 'utf8'),
      privateKeyPem: readFileSync(privateKeyPath, 'utf8'),
      caPem: [readFileSync(caPath, 'utf8')],
    },
    software: { ...SOFTWARE, idam, instanceId } satisfies InsiSoftware,
  };
}

/**
 * The INSi sandbox's client: an INSI-AUTO certificate of the structure from
 * the local test PKI (INSi accepts no other name), the PKI's CAs for the
 * sandbox's server certificate.
 */
export function sandboxInsiRuntime(
  pki: TestPki,
  endpoint: string,
  instanceId: string,
): InsiClientOptions {
  const now = Date.now();
  const insiAuto = issueTestCredential(pki, {
    profile: 'ORG_AUTH_CLI',
    commonName: 'INSI-AUTO',
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 365 * 86_400_000),
  });
  return {
    endpoint,
    tls: {
      certificatePem: insiAuto.certificatePem,
      privateKeyPem: insiAuto.privateKeyPem,
      chainPem: insiAuto.chainPem,
      caPem: pki.caPem,
    },
    software: { ...SOFTWARE, idam: SANDBOX_IDAM, instanceId },
  };
}
