import type { ApiConfig, AuditAnchorKey, EngineConfig, PayloadKey } from '@app/config';
import type { InsiClientOptions } from '@app/insi';
import type { TemporalTarget } from '@app/temporal';
import { CpsRuntime, configuredCpsRuntime } from './cps-runtime';
import { DmpRuntime, configuredDmpRuntime } from './dmp-runtime';
import { configuredInsiRuntime } from './insi-runtime';
import { MssRuntime, configuredMssRuntime } from './mss-runtime';
import { PscRuntime, configuredPscRuntime } from './psc-runtime';

/**
 * Everything the API and the worker need once the services are known: either
 * configured (production) or started by `npm start` (embedded defaults).
 */
export interface EngineRuntime {
  databaseUrl: string;
  /** Statement and connect timeouts of every pool (an unreachable database answers 503, not a hang). */
  databaseTimeouts: DatabaseTimeouts;
  temporal: TemporalTarget;
  payloadKeys: PayloadKey[];
  api: ApiConfig;
  dmp: DmpRuntime;
  mss: MssRuntime;
  /** Login through Pro Santé Connect; without it the auth routes answer 503. */
  psc?: PscRuntime;
  /** Login with a CPS card (mutual TLS, directly or through a proxy); without it /auth/cps answers 503. */
  cps?: CpsRuntime;
  /** INSi, to retrieve and verify patients' INS; without it identification answers 503. */
  insi?: InsiClientOptions;
  /** A prebuilt workflow bundle (`npm run build` makes one); bundled at start when absent. */
  workflowBundlePath?: string;
  /**
   * Anchoring of the audit log (the worker signs the chains' heads, verification checks them).
   * Always there in a deployment and under `npm start`; absent, nothing is anchored (the
   * benchmark, and the tests that are not about it).
   */
  audit?: AuditRuntime;
  /**
   * Alerts on new DMP documents (a look at watched patients' DMPs at this
   * interval). Always there in a deployment and under `npm start`; absent, the
   * worker does not run the alerts workflow (the benchmark, tests not about it).
   */
  dmpAlerts?: { everyMs: number };
}

export interface AuditRuntime {
  /** HMAC keys, current first: it signs new anchors, all of them verify. */
  anchorKeys: AuditAnchorKey[];
  anchorEveryMs: number;
}

export interface DatabaseTimeouts {
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

export const ENGINE_RUNTIME = Symbol('ENGINE_RUNTIME');

export function databaseTimeouts(config: EngineConfig): DatabaseTimeouts {
  const { statementTimeoutMs, connectTimeoutMs } = config.database;
  return { statementTimeoutMs, connectTimeoutMs };
}

/**
 * The runtime of a production process: every service must be configured.
 * The embedded defaults belong to `npm start` (apps/local), not to a deployment.
 */
export function configuredRuntime(
  config: EngineConfig,
  workflowBundlePath?: string,
): EngineRuntime {
  const missing = [
    config.database.url ? undefined : 'DATABASE_URL',
    config.temporal.address ? undefined : 'TEMPORAL_ADDRESS',
    config.security.payloadKeys ? undefined : 'PAYLOAD_ENCRYPTION_KEYS',
    config.audit.anchorKeys ? undefined : 'AUDIT_ANCHOR_KEY',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} must be set to run this process on its own; ` +
        '`npm start` runs everything on embedded defaults instead.',
    );
  }
  return {
    databaseUrl: config.database.url as string,
    databaseTimeouts: databaseTimeouts(config),
    temporal: temporalTarget(config, config.temporal.address as string),
    payloadKeys: config.security.payloadKeys as PayloadKey[],
    api: config.api,
    dmp: configuredDmpRuntime(config.dmp),
    mss: configuredMssRuntime(config.mss),
    ...optional('psc', configuredPscRuntime(config.psc)),
    ...optional('cps', configuredCpsRuntime(config.cps)),
    ...optional('insi', configuredInsiRuntime(config.insi)),
    workflowBundlePath,
    audit: {
      anchorKeys: config.audit.anchorKeys as AuditAnchorKey[],
      anchorEveryMs: config.audit.anchorEveryMs,
    },
    dmpAlerts: { everyMs: config.dmp.alertsEveryMs },
  };
}

export function temporalTarget(config: EngineConfig, address: string): TemporalTarget {
  return {
    address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    tls: config.temporal.tls,
    apiKey: config.temporal.apiKey,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
