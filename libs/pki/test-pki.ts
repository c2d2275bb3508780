import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type CertificateProfile, issueCertificate, type SubjectName } from './certificates';
import type { Credential } from './credential';
import { PkiError } from './errors';
import { encryptedKeyPem } from './keys';
import { loadPkcs12, toPkcs12 } from './pkcs12';

/**
 * A local PKI that imitates IGC-Santé (root CA, "ORGANISATIONS" intermediate
 * CA, a structure's ORG AUTH_CLI and ORG SIGN certificates, a SERV SSL server
 * certificate) for the sandbox and the tests. Its names say TEST LOCAL so
 * that nobody mistakes it for the real one; nothing trusts it but us.
 */

export interface TestStructure {
  /** idNat_Struct, written in the certificates' OU as IGC-Santé does. */
  idNatStruct: string;
  /** Raison sociale: the certificates' O. */
  name: string;
  /** Département as IGC-Santé writes it: "Paris (75)". */
  state: string;
}

/**
 * "4" + a fictitious RPPS-rang in the 99700… test range (RPPS 99700000001,
 * rang 00, Luhn key 5): shaped like ANS test structures, belongs to nobody.
 */
export const DEFAULT_TEST_STRUCTURE: TestStructure = {
  idNatStruct: '499700000001005',
  name: 'CABINET ORTHOPHONIE TEST LOCAL',
  state: 'Paris (75)',
};

export interface TestPkiOptions {
  /** Protects every PKCS#12 file of the PKI. */
  password: string;
  structure?: TestStructure;
  /** subjectAltName of the server certificate; localhost and 127.0.0.1 by default. */
  serverNames?: { dns: string[]; ips: string[] };
  /** Validity of the structure and server certificates (IGC-Santé issues them for 3 years). */
  validityDays?: number;
  now?: Date;
}

export interface TestPki {
  rootCa: Credential;
  organisationsCa: Credential;
  /** ORG AUTH_CLI: TLS client authentication of the structure. */
  structureAuth: Credential;
  /** ORG SIGN: the structure's "cachet", signs the VIHF. */
  structureSign: Credential;
  /** SERV SSL: the local sandbox's server certificate. */
  server: Credential;
  /** The CA certificates a peer of this PKI trusts: root and intermediate. */
  caPem: string[];
}

const DAY_MS = 86_400_000;
const CA_VALIDITY_DAYS = 3650;
const DEFAULT_VALIDITY_DAYS = 1095;
/** Certificates back-dated a little, so that a peer whose clock lags accepts them. */
const BACKDATE_MS = 3_600_000;

export function generateTestPki(options: TestPkiOptions): TestPki {
  const now = options.now ?? new Date();
  const structure = options.structure ?? DEFAULT_TEST_STRUCTURE;
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const caNotAfter = new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS);
  const leafNotAfter = new Date(
    now.getTime() + (options.validityDays ?? DEFAULT_VALIDITY_DAYS) * DAY_MS,
  );

  const rootCa = issueCertificate({
    profile: 'ROOT_CA',
    subject: caSubject('TEST LOCAL AC RACINE IGC-SANTE ELEMENTAIRE'),
    notBefore,
    notAfter: caNotAfter,
  });
  const organisationsCa = issueCertificate({
    profile: 'INTERMEDIATE_CA',
    subject: caSubject('TEST LOCAL AC IGC-SANTE ELEMENTAIRE ORGANISATIONS'),
    issuer: rootCa,
    notBefore,
    notAfter: caNotAfter,
  });
  const leaf = (profile: CertificateProfile, subject: SubjectName): Credential =>
    issueCertificate({
      profile,
      subject,
      issuer: organisationsCa,
      notBefore,
      notAfter: leafNotAfter,
      serverNames: options.serverNames,
    });
  return {
    rootCa,
    organisationsCa,
    structureAuth: leaf('ORG_AUTH_CLI', structureSubject(structure, 'DMP AUTH_CLI')),
    structureSign: leaf('ORG_SIGN', structureSubject(structure, 'DMP SIGN')),
    server: leaf('SERVER_TLS', {
      country: 'FR',
      state: structure.state,
      organization: 'SANDBOX DMP TEST LOCAL',
      organizationalUnits: [structure.idNatStruct],
      commonName: (options.serverNames?.dns ?? ['localhost'])[0] ?? 'localhost',
    }),
    caPem: [rootCa.certificatePem, organisationsCa.certificatePem],
  };
}

/**
 * The subject of an IGC-Santé ORG certificate: C, ST (département), O (raison
 * sociale), OU (idNat_Struct), CN (the application's name), as on
 * `C=FR, ST=Paris (75), O=…, OU=499700367909006, CN=…`.
 */
export function structureSubject(structure: TestStructure, commonName: string): SubjectName {
  return {
    country: 'FR',
    state: structure.state,
    organization: structure.name,
    organizationalUnits: [structure.idNatStruct],
    commonName,
  };
}

function caSubject(commonName: string): SubjectName {
  return {
    country: 'FR',
    organization: 'ACCES-DIRECT TEST LOCAL',
    organizationalUnits: ['IGC-SANTE TEST LOCAL'],
    commonName,
  };
}

export interface TestCredentialRequest {
  profile: Exclude<CertificateProfile, 'ROOT_CA'>;
  structure?: TestStructure;
  commonName?: string;
  notBefore: Date;
  notAfter: Date;
}

/** One more certificate from the PKI's ORGANISATIONS CA (a second structure, odd dates…). */
export function issueTestCredential(pki: TestPki, request: TestCredentialRequest): Credential {
  return issueCertificate({
    profile: request.profile,
    subject: structureSubject(
      request.structure ?? DEFAULT_TEST_STRUCTURE,
      request.commonName ?? defaultCommonName(request.profile),
    ),
    issuer: pki.organisationsCa,
    notBefore: request.notBefore,
    notAfter: request.notAfter,
  });
}

/** For negative tests: a certificate of the trusted CA that expired yesterday. */
export function issueExpiredCredential(
  pki: TestPki,
  profile: Exclude<CertificateProfile, 'ROOT_CA'> = 'ORG_SIGN',
  structure: TestStructure = DEFAULT_TEST_STRUCTURE,
  now: Date = new Date(),
): Credential {
  return issueTestCredential(pki, {
    profile,
    structure,
    notBefore: new Date(now.getTime() - 2 * 365 * DAY_MS),
    notAfter: new Date(now.getTime() - DAY_MS),
  });
}

/**
 * For negative tests: a certificate with the same names as the real one but
 * issued by another CA (same names too), which no peer of the test PKI trusts.
 */
export function issueCredentialFromUntrustedCa(
  profile: Exclude<CertificateProfile, 'ROOT_CA'> = 'ORG_SIGN',
  structure: TestStructure = DEFAULT_TEST_STRUCTURE,
  now: Date = new Date(),
): { credential: Credential; caPem: string[] } {
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(now.getTime() + 365 * DAY_MS);
  const ca = issueCertificate({
    profile: 'ROOT_CA',
    subject: caSubject('TEST LOCAL AC IGC-SANTE ELEMENTAIRE ORGANISATIONS'),
    notBefore,
    notAfter,
  });
  const credential = issueCertificate({
    profile,
    subject: structureSubject(structure, defaultCommonName(profile)),
    issuer: ca,
    notBefore,
    notAfter,
  });
  return { credential, caPem: [ca.certificatePem] };
}

function defaultCommonName(profile: Exclude<CertificateProfile, 'ROOT_CA'>): string {
  switch (profile) {
    case 'ORG_AUTH_CLI':
      return 'DMP AUTH_CLI';
    case 'ORG_SIGN':
      return 'DMP SIGN';
    case 'SERVER_TLS':
      return 'localhost';
    case 'INTERMEDIATE_CA':
      return 'TEST LOCAL AC';
  }
}

// ---------------------------------------------------------------------------
// On disk

const CREDENTIAL_FILES = {
  rootCa: 'root-ca',
  organisationsCa: 'organisations-ca',
  structureAuth: 'structure-auth',
  structureSign: 'structure-sign',
  server: 'server',
} as const satisfies Record<Exclude<keyof TestPki, 'caPem'>, string>;

const MANIFEST = 'manifest.json';
const MANIFEST_VERSION = 1;

interface Manifest {
  version: number;
  structure: TestStructure;
  serverNames: { dns: string[]; ips: string[] } | null;
  createdAt: string;
}

/**
 * The test PKI of a folder: generated there on the first call, read back on
 * the next ones (so `npm start` and the sandbox keep the same certificates).
 * Each credential is written as `<name>.p12` (key, certificate and chain,
 * protected by the password), `<name>.pem` (certificate and chain) and
 * `<name>.key.pem` (PKCS#8 key, encrypted with the same password); `ca.pem`
 * holds the CAs to trust. Files are 0600 in a 0700 folder.
 *
 * The PKI is generated again when the structure or the server names asked
 * for differ from the folder's, or when a certificate has expired; a wrong
 * password is an error (nothing is overwritten).
 *
 * Generation happens in a sibling folder renamed into place, so two processes
 * starting together never mix keys of one with certificates of the other.
 */
export function ensureTestPki(folder: string, options: TestPkiOptions): TestPki {
  const existing = readTestPki(folder, options);
  if (existing) return existing;

  const pki = generateTestPki(options);
  const staging = join(dirname(folder), `.${basename(folder)}.${randomBytes(6).toString('hex')}`);
  writeTestPki(staging, pki, options);
  const retired = existsSync(folder) ? `${staging}.old` : undefined;
  if (retired) renameSync(folder, retired);
  try {
    renameSync(staging, folder);
  } catch (error) {
    // Another process put its PKI in place first: use that one.
    rmSync(staging, { recursive: true, force: true });
    const theirs = readTestPki(folder, options);
    if (theirs) return theirs;
    throw error;
  } finally {
    if (retired) rmSync(retired, { recursive: true, force: true });
  }
  return pki;
}

/** The folder's PKI, or undefined when it must be generated (absent, incomplete, other options, expired). */
function readTestPki(folder: string, options: TestPkiOptions): TestPki | undefined {
  const manifest = readManifest(join(folder, MANIFEST));
  if (
    !manifest ||
    manifest.version !== MANIFEST_VERSION ||
    JSON.stringify(manifest.structure) !==
      JSON.stringify(options.structure ?? DEFAULT_TEST_STRUCTURE) ||
    JSON.stringify(manifest.serverNames) !== JSON.stringify(options.serverNames ?? null)
  ) {
    return undefined;
  }
  const at = options.now ?? new Date();
  const credentials = {} as Record<keyof typeof CREDENTIAL_FILES, Credential>;
  for (const [key, name] of Object.entries(CREDENTIAL_FILES) as [
    keyof typeof CREDENTIAL_FILES,
    string,
  ][]) {
    const path = join(folder, `${name}.p12`);
    if (!existsSync(path)) return undefined;
    try {
      credentials[key] = loadPkcs12(readFileSync(path), options.password, { at });
    } catch (error) {
      if (error instanceof PkiError && error.code === 'WRONG_PASSWORD') {
        throw new PkiError(
          'WRONG_PASSWORD',
          `the test PKI in ${folder} was generated with another password`,
        );
      }
      if (error instanceof PkiError) return undefined;
      throw error;
    }
  }
  return {
    ...credentials,
    caPem: [credentials.rootCa.certificatePem, credentials.organisationsCa.certificatePem],
  };
}

function readManifest(path: string): Manifest | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

function writeTestPki(folder: string, pki: TestPki, options: TestPkiOptions): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  const write = (name: string, content: string | Buffer): void => {
    const path = join(folder, name);
    writeFileSync(path, content, { mode: 0o600 });
    chmodSync(path, 0o600);
  };
  for (const [key, name] of Object.entries(CREDENTIAL_FILES) as [
    keyof typeof CREDENTIAL_FILES,
    string,
  ][]) {
    const credential = pki[key];
    write(`${name}.p12`, toPkcs12(credential, options.password, name));
    write(`${name}.pem`, [credential.certificatePem, ...credential.chainPem].join(''));
    write(`${name}.key.pem`, encryptedKeyPem(credential.privateKeyPem, options.password));
  }
  write('ca.pem', pki.caPem.join(''));
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    structure: options.structure ?? DEFAULT_TEST_STRUCTURE,
    serverNames: options.serverNames ?? null,
    createdAt: (options.now ?? new Date()).toISOString(),
  };
  // Last, so that a folder with a manifest is always complete.
  write(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
}
