import type { ValueSets } from '../value-sets';

/**
 * How the local DMP sandbox is set up, and what its administration methods
 * return. The sandbox stands in for the national DMP during development,
 * tests and demos: same transactions, same strictness, test identities only.
 */

export interface DmpSandboxOptions {
  /** Listen address; 127.0.0.1 by default. */
  host?: string;
  /** 0 = any free port. */
  port: number;
  /** The sandbox's server certificate (SERV SSL of the test PKI), with its chain. */
  serverTls: { privateKeyPem: string; certificatePem: string; chainPem?: string[] };
  /** CAs whose certificates may authenticate clients (TLS) and sign VIHF assertions. */
  trustedCaPem: string[];
  /**
   * PostgreSQL. The sandbox keeps its data in its own schema, `dmp_sandbox`,
   * created on start when missing: it is not the engine's data, so it has no
   * TypeORM migration.
   */
  databaseUrl: string;
  valueSets: ValueSets;
  /** The OID the sandbox answers as document repository; {@link DEFAULT_REPOSITORY_UNIQUE_ID} by default. */
  repositoryUniqueId?: string;
  /** An authorisation older than this many months no longer allows access; 6 by default. */
  authorizationMaxAgeMonths?: number;
  /** Operational lines; never patient data or document content. */
  log?: (line: string) => void;
}

/** A patient's INS as the DMP knows it. */
export interface SandboxIns {
  matricule: string;
  oid: string;
}

export type SandboxDocumentStatus = 'Approved' | 'Deprecated';

/** One document held by the sandbox, as the administration methods and the demo list show it. */
export interface SandboxDocument {
  uniqueId: string;
  entryUUID: string;
  status: SandboxDocumentStatus;
  patientIns: SandboxIns;
  title: string | undefined;
  /** typeCode (LOINC) of the DocumentEntry. */
  typeCode: string | undefined;
  receivedAt: Date;
  /** Bytes of the stored CDA. */
  size: number;
  /** SHA-1 of the stored CDA, lower-case hex. */
  hash: string;
  /** The uniqueId of the version this one replaced, for a corrected version. */
  replacesUniqueId: string | undefined;
  /** National id ("8" + RPPS) of the practitioner who filed it. */
  filedBy: string;
}

/** A fixed OID under the "2.25" UUID arc, so that nothing real is ever named by it. */
export const DEFAULT_REPOSITORY_UNIQUE_ID = '2.25.302947239417458815094567452331408926519';
export const DEFAULT_AUTHORIZATION_MAX_AGE_MONTHS = 6;

/** Where each transaction is served, under the sandbox's base URL. */
export const SANDBOX_PATHS = {
  repository: '/dmp/repository',
  registry: '/dmp/registry',
  transactions: '/dmp/transactions',
  webPortal: '/dmp/web',
  submissions: '/sandbox/submissions',
} as const;
