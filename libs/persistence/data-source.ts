import { types as pgTypes } from 'pg';
import { DataSource } from 'typeorm';
import { InitialSchema1764144000000 } from './migrations/1764144000000-initial-schema';
import { DmpFiling1764230400000 } from './migrations/1764230400000-dmp-filing';
import { MssSending1764316800000 } from './migrations/1764316800000-mss-sending';
import { SituationExercice1764403200000 } from './migrations/1764403200000-situation-exercice';
import { Sessions1764489600000 } from './migrations/1764489600000-sessions';
import { Roles1764576000000 } from './migrations/1764576000000-roles';
import { SituationReminders1764662400000 } from './migrations/1764662400000-situation-reminders';
import { PatientIdentification1764748800000 } from './migrations/1764748800000-patient-identification';
import { SessionHardening1764835200000 } from './migrations/1764835200000-session-hardening';
import { CptsOperations1764921600000 } from './migrations/1764921600000-cpts-operations';
import { AuditAnchors1765094400000 } from './migrations/1765094400000-audit-anchors';
import { WebPsFeatures1765180800000 } from './migrations/1765180800000-web-ps-features';
import { MailboxQuarantine1765267200000 } from './migrations/1765267200000-mailbox-quarantine';
import { AuditEventSchema } from './schema/audit-event.schema';
import { DocumentSchema } from './schema/document.schema';
import { MssIncomingSchema, MssMailboxCursorSchema, MssMessageSchema } from './schema/mss.schema';
import { NotificationSchema } from './schema/notification.schema';
import { PathwaySchema } from './schema/pathway.schema';
import { CptsSchema, PatientSchema, PractitionerSchema } from './schema/reference.schema';

// A calendar date is a day, not an instant: keep PostgreSQL `date` as 'YYYY-MM-DD'
// instead of node-postgres's local-midnight Date, which shifts with the time zone.
pgTypes.setTypeParser(pgTypes.builtins.DATE, (value) => value);

export const ENTITY_SCHEMAS = [
  CptsSchema,
  PractitionerSchema,
  PatientSchema,
  PathwaySchema,
  DocumentSchema,
  NotificationSchema,
  AuditEventSchema,
  MssMessageSchema,
  MssIncomingSchema,
  MssMailboxCursorSchema,
];

/** In order; a new migration is appended here and never edited once released. */
export const MIGRATIONS = [
  InitialSchema1764144000000,
  DmpFiling1764230400000,
  MssSending1764316800000,
  SituationExercice1764403200000,
  Sessions1764489600000,
  Roles1764576000000,
  SituationReminders1764662400000,
  PatientIdentification1764748800000,
  SessionHardening1764835200000,
  CptsOperations1764921600000,
  AuditAnchors1765094400000,
  WebPsFeatures1765180800000,
  MailboxQuarantine1765267200000,
];

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** A statement running longer is cancelled by the server (SQLSTATE 57014); 30 s by default. */
  statementTimeoutMs?: number;
  /** Waiting longer for a connection fails the call; 5 s by default. */
  connectTimeoutMs?: number;
}

/**
 * The engine's DataSource. The schema comes from migrations only: `synchronize`
 * stays off. Statement and connect timeouts are always set, so that a database
 * that stops answering makes callers fail (the API answers 503) instead of
 * holding their requests forever.
 */
export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITY_SCHEMAS,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    // TypeORM would log failing queries with their parameters, which may hold health data.
    logging: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'acces-direct',
    connectTimeoutMS: options.connectTimeoutMs ?? 5_000,
    extra: { statement_timeout: options.statementTimeoutMs ?? 30_000 },
  });
}

const MIGRATION_LOCK = 0x4144_4d47; // "ADMG": one migrating process at a time (API and worker may start together)

/** Runs pending migrations under an advisory lock; returns the names of those applied. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Waiting for another process's migrations may outlast the statement timeout.
    await runner.query('SET statement_timeout = 0');
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    // Back to the pool's timeout before the connection is reused.
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}
