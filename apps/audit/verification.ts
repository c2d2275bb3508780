import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AuditAnchorKey,
  ConfigError,
  EngineConfig,
  loadConfig,
  parseAuditAnchorKeys,
} from '@app/config';
import { AuditLog, createDataSource, verificationLine } from '@app/persistence';

/** `npm run audit:verify`: 0 every chain holds, 1 one is broken, 2 the check could not be made. */
export interface VerificationRun {
  exitCode: 0 | 1 | 2;
  line: string;
}

/**
 * Checks every chain of the audit log against itself and its latest anchor
 * (AuditLog.verifyAll), on the database of DATABASE_URL with the keys of
 * AUDIT_ANCHOR_KEY. Beside a running `npm start` that sets neither, it uses
 * the embedded PostgreSQL and the local key kept in the data folder.
 */
export async function runAuditVerification(
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): Promise<VerificationRun> {
  let config: EngineConfig;
  try {
    config = loadConfig(env, cwd);
  } catch (error) {
    if (error instanceof ConfigError) {
      return { exitCode: 2, line: `audit log not checked: ${error.problems.join('; ')}` };
    }
    throw error;
  }
  const secrets = join(config.dataDir, 'secrets');
  const databaseUrl =
    config.database.url ?? embeddedDatabaseUrl(secrets, config.database.embeddedPort);
  const keys = config.audit.anchorKeys ?? localAnchorKeys(secrets);
  if (!databaseUrl) {
    return {
      exitCode: 2,
      line: 'audit log not checked: set DATABASE_URL (the engine’s PostgreSQL)',
    };
  }
  if (!keys) {
    return {
      exitCode: 2,
      line: 'audit log not checked: set AUDIT_ANCHOR_KEY (the anchors’ HMAC key, as the worker has it)',
    };
  }
  const dataSource = createDataSource({
    url: databaseUrl,
    applicationName: 'acces-direct-audit-verify',
    poolSize: 1,
    statementTimeoutMs: config.database.statementTimeoutMs,
    connectTimeoutMs: config.database.connectTimeoutMs,
  });
  try {
    await dataSource.initialize();
    const result = await new AuditLog(dataSource).verifyAll(keys);
    return { exitCode: result.ok ? 0 : 1, line: verificationLine(result) };
  } catch (error) {
    return {
      exitCode: 2,
      line: `audit log not checked: ${(error as Error).message.split('\n')[0]}`,
    };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

/** The embedded PostgreSQL `npm start` runs, when its password is in the data folder. */
function embeddedDatabaseUrl(secrets: string, port: number): string | undefined {
  const file = join(secrets, 'postgres-password');
  if (!existsSync(file)) return undefined;
  const password = readFileSync(file, 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/acces_direct`;
}

/** The anchor key `npm start` generated, when it is in the data folder. */
function localAnchorKeys(secrets: string): AuditAnchorKey[] | undefined {
  const file = join(secrets, 'audit-anchor-key');
  if (!existsSync(file)) return undefined;
  return parseAuditAnchorKeys(readFileSync(file, 'utf8').trim(), []);
}
