import { Runtime } from '@temporalio/worker';
import { redactingLogger } from '@app/temporal';
import { ConfigError, loadConfig } from '@app/config';
import { StartupError } from '@app/toolchain';
import { startLocalStack } from './local-stack';

/**
 * `npm start`: the whole engine on one machine. Whatever is not configured
 * (DATABASE_URL, TEMPORAL_ADDRESS) is started here and stopped on Ctrl-C;
 * pathways survive a restart because both keep their data under DATA_DIR.
 */
async function main(): Promise<void> {
  const log = (line: string) => console.log(`[local] ${line}`);
  const config = loadConfig();
  // This process orders the shutdown itself (API, worker, Temporal, PostgreSQL), not the SDK.
  Runtime.install({ logger: redactingLogger('WARN'), shutdownSignals: [] });
  const stack = await startLocalStack(config, {
    seedDemoData: config.demoData,
    log,
    nestLogger: ['error', 'warn'],
  });

  console.log(`
  Accès direct — pathway engine is running
    Web app          ${stack.apiUrl}/  (log in with Pro Santé Connect: Hugo BERNARD, orthophoniste; Sophie GARNIER, coordinator)
    API              ${stack.apiUrl}
    OpenAPI docs     ${stack.apiUrl}/docs
    Health           ${stack.apiUrl}/health
    Temporal         ${stack.runtime.temporal.address} (namespace ${stack.runtime.temporal.namespace}${
      stack.embedded.temporal ? `; dev server from ${stack.embedded.temporal}` : ''
    })${stack.temporalUiUrl ? `\n    Temporal Web UI  ${stack.temporalUiUrl}` : ''}
    PostgreSQL       ${stack.embedded.postgres ? `embedded, data in ${stack.embedded.postgres}` : 'DATABASE_URL'}
    DMP              ${
      stack.dmpSandboxUrl
        ? `sandbox ${stack.dmpSandboxUrl} (mutual TLS, test PKI in ${config.dataDir}/pki; filings listed at /sandbox/submissions)`
        : 'configured endpoints'
    }
    MSSanté          ${
      stack.mssSandbox
        ? `operator sandbox: SMTP ${stack.mssSandbox.smtp}, IMAP ${stack.mssSandbox.imap} (implicit TLS, client certificate of ${config.dataDir}/pki)
                     engine mailbox ${stack.mssSandbox.engineAddress}; every mailbox as Maildir files in ${stack.mssSandbox.maildirs}/mail/<address>
                     Annuaire Santé sandbox ${stack.mssSandbox.directoryUrl}`
        : 'configured operator'
    }
    Pro Santé Connect ${
      stack.pscSandbox
        ? `sandbox ${stack.pscSandbox.issuer}: log in at ${stack.pscSandbox.loginUrl} and pick a test practitioner (Camille LEROY, Hugo BERNARD…)`
        : 'configured issuer'
    }
                     (Sophie GARNIER coordinates both demo CPTS; ADMINISTRATORS=<idNat_PS> names administrators)
    CPS card         ${stack.runtime.cps ? 'POST /auth/cps (CPS_TRUSTED_CAS, CPS_CRLS)' : 'off (set CPS_TRUSTED_CAS and CPS_CRLS)'}
    INSi             ${stack.insiSandboxUrl ? `sandbox ${stack.insiSandboxUrl} (mutual TLS, INSI-AUTO certificate of the test PKI)` : 'configured endpoint'}
    Data folder      ${config.dataDir}
  Try it: open ${stack.apiUrl}/ and log in as Hugo BERNARD, then « Nouveau parcours »; or as Sophie
  GARNIER for the dashboard; or run \`npm run demo\`. The API is at ${stack.apiUrl}/docs, in the same session.
  Ctrl-C stops everything.
`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      console.log('[local] Forced exit.');
      process.exit(130);
    }
    stopping = true;
    log(
      `${signal} received: stopping the API, the worker, Temporal and PostgreSQL (Ctrl-C again to force)…`,
    );
    stack.stop().then(
      () => {
        log('Stopped cleanly.');
        process.exit(0);
      },
      (error: Error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // A known cause is told in its own words; anything else is a bug and shows its stack.
  console.error(
    error instanceof ConfigError || error instanceof StartupError ? error.message : error,
  );
  process.exit(1);
});
