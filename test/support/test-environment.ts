/**
 * What the global set-up started for the integration tests, passed to the test
 * files through the environment (jest runs them after the set-up, in child
 * processes or in band).
 */
export interface TestEnvironment {
  temporalAddress: string;
  databaseUrl: string;
  workflowBundlePath: string;
  /** The DMP sandbox's endpoints, as JSON. */
  dmpEndpoints: string;
  /** The folder of the test PKI the sandbox trusts, and its password. */
  pkiDir: string;
  pkiPassword: string;
  /** The MSSanté operator and directory sandboxes of the run, as JSON (see harness.ts). */
  mssSandbox: string;
  /** The INSi sandbox's endpoint. */
  insiUrl: string;
  /** The `temporal` CLI the set-up runs the server with; '' when the SDK downloaded one instead. */
  temporalCliPath: string;
}

const KEYS = {
  temporalAddress: 'ACCES_DIRECT_TEST_TEMPORAL_ADDRESS',
  databaseUrl: 'ACCES_DIRECT_TEST_DATABASE_URL',
  workflowBundlePath: 'ACCES_DIRECT_TEST_WORKFLOW_BUNDLE',
  dmpEndpoints: 'ACCES_DIRECT_TEST_DMP_ENDPOINTS',
  pkiDir: 'ACCES_DIRECT_TEST_PKI_DIR',
  pkiPassword: 'ACCES_DIRECT_TEST_PKI_PASSWORD',
  mssSandbox: 'ACCES_DIRECT_TEST_MSS_SANDBOX',
  insiUrl: 'ACCES_DIRECT_TEST_INSI_URL',
  temporalCliPath: 'ACCES_DIRECT_TEST_TEMPORAL_CLI',
} as const;

export function publishTestEnvironment(env: TestEnvironment): void {
  for (const [field, variable] of Object.entries(KEYS)) {
    process.env[variable] = env[field as keyof TestEnvironment];
  }
}

export function testEnvironment(): TestEnvironment {
  const read = (variable: string) => {
    const value = process.env[variable];
    if (!value)
      throw new Error(
        `${variable} is not set: run integration tests through jest (test/setup/global-setup.ts)`,
      );
    return value;
  };
  return {
    temporalAddress: read(KEYS.temporalAddress),
    databaseUrl: read(KEYS.databaseUrl),
    workflowBundlePath: read(KEYS.workflowBundlePath),
    dmpEndpoints: read(KEYS.dmpEndpoints),
    pkiDir: read(KEYS.pkiDir),
    pkiPassword: read(KEYS.pkiPassword),
    mssSandbox: read(KEYS.mssSandbox),
    insiUrl: read(KEYS.insiUrl),
    temporalCliPath: process.env[KEYS.temporalCliPath] ?? '',
  };
}

/** A fixed AES-256 key for tests only; the recorded replay histories are encrypted with it. */
export const TEST_PAYLOAD_KEYS = [
  { id: 'test', key: Buffer.from('YWNjZXMtZGlyZWN0LXRlc3Qta2V5LW5vdC1hLXNlY3I=', 'base64') },
];
