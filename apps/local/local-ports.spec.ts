import { loadConfig } from '@app/config';
import { localPorts } from './local-ports';

describe('localPorts', () => {
  it('lists every port npm start opens on embedded defaults, with its variable', () => {
    expect(localPorts(loadConfig({}, '/tmp'))).toEqual([
      { variable: 'EMBEDDED_POSTGRES_PORT', port: 5433, host: '127.0.0.1' },
      { variable: 'TEMPORAL_DEV_SERVER_PORT', port: 7233, host: '127.0.0.1' },
      { variable: 'TEMPORAL_DEV_SERVER_UI_PORT', port: 8233, host: '127.0.0.1' },
      { variable: 'DMP_SANDBOX_PORT', port: 8443, host: '127.0.0.1' },
      { variable: 'MSS_SANDBOX_SMTP_PORT', port: 2465, host: '127.0.0.1' },
      { variable: 'MSS_SANDBOX_IMAP_PORT', port: 2993, host: '127.0.0.1' },
      { variable: 'ANNUAIRE_SANDBOX_PORT', port: 8081, host: '127.0.0.1' },
      { variable: 'PSC_SANDBOX_PORT', port: 8082, host: '127.0.0.1' },
      { variable: 'INSI_SANDBOX_PORT', port: 8444, host: '127.0.0.1' },
      { variable: 'API_PORT', port: 3000, host: '127.0.0.1' },
    ]);
  });

  it('leaves out what is configured rather than started', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://db.example/engine',
        TEMPORAL_ADDRESS: 'temporal.example:7233',
        API_PORT: '3100',
      },
      '/tmp',
    );
    const variables = localPorts(config).map((use) => use.variable);
    expect(variables).not.toContain('EMBEDDED_POSTGRES_PORT');
    expect(variables).not.toContain('TEMPORAL_DEV_SERVER_PORT');
    expect(localPorts(config).at(-1)).toEqual({
      variable: 'API_PORT',
      port: 3100,
      host: '127.0.0.1',
    });
  });
});
