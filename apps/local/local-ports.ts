import type { EngineConfig } from '@app/config';
import type { PortUse } from '@app/toolchain';

const LOOPBACK = '127.0.0.1';

/**
 * The ports `npm start` will open with this configuration, each with the
 * variable that sets it: those of the embedded services it starts (whatever
 * is not configured) and the API's. Embedded services listen on loopback only.
 */
export function localPorts(config: EngineConfig): PortUse[] {
  const local = (variable: string, port: number): PortUse => ({ port, host: LOOPBACK, variable });
  return [
    ...(config.database.url ? [] : [local('EMBEDDED_POSTGRES_PORT', config.database.embeddedPort)]),
    ...(config.temporal.address
      ? []
      : [
          local('TEMPORAL_DEV_SERVER_PORT', config.temporal.devServerPort),
          local('TEMPORAL_DEV_SERVER_UI_PORT', config.temporal.devServerUiPort),
        ]),
    ...(config.dmp.endpoints ? [] : [local('DMP_SANDBOX_PORT', config.dmp.sandboxPort)]),
    ...(config.mss.operator
      ? []
      : [
          local('MSS_SANDBOX_SMTP_PORT', config.mss.sandbox.smtpPort),
          local('MSS_SANDBOX_IMAP_PORT', config.mss.sandbox.imapPort),
          local('ANNUAIRE_SANDBOX_PORT', config.mss.sandbox.directoryPort),
        ]),
    ...(config.psc.issuer ? [] : [local('PSC_SANDBOX_PORT', config.psc.sandboxPort)]),
    ...(config.insi.endpoint ? [] : [local('INSI_SANDBOX_PORT', config.insi.sandboxPort)]),
    { port: config.api.port, host: config.api.host, variable: 'API_PORT' },
  ];
}
