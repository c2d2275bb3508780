import { randomUUID } from 'node:crypto';
import {
  DmpClient,
  type DmpClientOptions,
  DmpSandbox,
  type DocumentSubmission,
  type SentFiling,
  ValueSets,
  type VihfOptions,
} from '@app/dmp';
import { type Credential, type TestPki, generateTestPki } from '@app/pki';
import { sampleSubmission } from '../../../libs/dmp/cda/sample-submission';

/**
 * Small builders for the DMP sandbox tests: fictitious identities only (INS on
 * the test-NIR OID), the structure of the test PKI, a fresh uniqueId per
 * document so that tests sharing a database never collide.
 */

export const TEST_INS_OID = '1.2.250.1.213.1.4.10';
/** The ANS example patient (facts.md §2). */
export const TEST_INS = { matricule: '279035121518989', oid: TEST_INS_OID };
export const VIHF_OPTIONS: VihfOptions = {
  version: '4.0',
  lps: { name: 'ACCES-DIRECT', version: '0.1.0', homologationNumber: 'TEST-SANDBOX' },
};
export const SOURCE_OID = '1.2.250.1.999.2';

/** A test-NIR matricule with its right key, one per `order` (1–999), all different from TEST_INS. */
export function testIns(order: number): { matricule: string; oid: string } {
  const first13 = `2800675112${String(order).padStart(3, '0')}`;
  const key = String(97 - Number(BigInt(first13) % 97n)).padStart(2, '0');
  return { matricule: `${first13}${key}`, oid: TEST_INS_OID };
}

/** A fresh OID under the UUID arc. */
export function newOid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

/** Bytes of every value, so that a PDF coming back byte-identical proves nothing was re-encoded. */
export function aPdf(label = 'bilan'): Buffer {
  return Buffer.concat([
    Buffer.from(`%PDF-1.4\n% ${label}\n`, 'latin1'),
    Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    Buffer.from('\n%%EOF\n', 'latin1'),
  ]);
}

export interface SubmissionOptions {
  ins?: { matricule: string; oid: string };
  title?: string;
  structureId: string;
  rpps?: string;
}

/** A PDF bilan initial of the patient, by the test orthophoniste of the PKI's structure. */
export function aBilan(options: SubmissionOptions): DocumentSubmission {
  const sample = sampleSubmission({ mediaType: 'application/pdf', bytes: aPdf(options.title) });
  return {
    ...sample,
    uniqueId: newOid(),
    setId: newOid(),
    title: options.title ?? sample.title,
    patient: { ...sample.patient, ins: options.ins ?? TEST_INS },
    author: {
      ...sample.author,
      rpps: options.rpps ?? sample.author.rpps,
      structure: { ...sample.author.structure, idNatStruct: options.structureId },
    },
  };
}

/** The corrected version of a filed document: same setId, next version, RPLC of the filed one. */
export function aCorrectionOf(filed: DocumentSubmission, title: string): DocumentSubmission {
  return {
    ...filed,
    uniqueId: newOid(),
    versionNumber: filed.versionNumber + 1,
    title,
    content: { mediaType: 'application/pdf', bytes: aPdf(title) },
    replaces: { uniqueId: filed.uniqueId },
  };
}

let valueSets: ValueSets | undefined;
export function testValueSets(): ValueSets {
  valueSets ??= ValueSets.load();
  return valueSets;
}

export function sandboxDatabaseUrl(): string {
  const url = process.env.ACCES_DIRECT_TEST_DATABASE_URL;
  if (!url) throw new Error('run the DMP sandbox tests through jest (test/setup/global-setup.ts)');
  return url;
}

export interface SandboxUnderTest {
  pki: TestPki;
  sandbox: DmpSandbox;
  log: string[];
  stop(): Promise<void>;
}

/** A test PKI and a sandbox trusting it, on any free port, with the run's scratch database. */
export async function startTestSandbox(
  options: { authorizationMaxAgeMonths?: number } = {},
): Promise<SandboxUnderTest> {
  const pki = generateTestPki({ password: 'unused' });
  const log: string[] = [];
  const sandbox = await DmpSandbox.start({
    port: 0,
    serverTls: pki.server,
    trustedCaPem: pki.caPem,
    databaseUrl: sandboxDatabaseUrl(),
    valueSets: testValueSets(),
    log: (line) => log.push(line),
    ...options,
  });
  return { pki, sandbox, log, stop: () => sandbox.stop() };
}

/** The structure's TLS credentials as DmpClient and postSoap take them. */
export function tlsOf(pki: TestPki, credential: Credential = pki.structureAuth) {
  return {
    privateKeyPem: credential.privateKeyPem,
    certificatePem: credential.certificatePem,
    chainPem: credential.chainPem,
    caPem: pki.caPem,
  };
}

export function clientFor(
  under: SandboxUnderTest,
  overrides: Partial<DmpClientOptions> & { filings?: SentFiling[] } = {},
): DmpClient {
  const { filings, ...options } = overrides;
  return new DmpClient({
    endpoints: under.sandbox.endpoints,
    tls: tlsOf(under.pki),
    signer: under.pki.structureSign,
    vihf: VIHF_OPTIONS,
    sourceId: SOURCE_OID,
    valueSets: testValueSets(),
    timeoutMs: 20_000,
    ...(filings ? { onFiling: (sent: SentFiling) => filings.push(sent) } : {}),
    ...options,
  });
}
