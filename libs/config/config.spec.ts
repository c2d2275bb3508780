import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/engine');
    expect(config.dataDir).toBe('/srv/engine/.data');
    expect(config.database.url).toBeUndefined();
    expect(config.temporal).toMatchObject({
      address: undefined,
      namespace: 'default',
      taskQueue: 'acces-direct-pathways',
    });
    expect(config.api).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.security.payloadKeys).toBeUndefined();
  });

  it('reads a real deployment', () => {
    const key = randomBytes(32).toString('base64');
    const old = randomBytes(32).toString('base64');
    const config = loadConfig({
      DATABASE_URL: 'postgres://engine@db.internal/acces_direct',
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'cpts-prod',
      TEMPORAL_TLS_CERT: '/etc/engine/client.pem',
      TEMPORAL_TLS_KEY: '/etc/engine/client.key',
      PAYLOAD_ENCRYPTION_KEYS: `k2:${key}, k1:${old}`,
      API_PORT: '8080',
    });
    expect(config.temporal.tls).toEqual({
      certPath: '/etc/engine/client.pem',
      keyPath: '/etc/engine/client.key',
    });
    expect(config.security.payloadKeys?.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(config.api.port).toBe(8080);
  });

  it('lists every problem at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        API_HOST: '0.0.0.0',
        API_PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        TEMPORAL_TLS_CERT: '/a.pem',
        PAYLOAD_ENCRYPTION_KEYS: 'k1:c2hvcnQ=',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems).toHaveLength(5);
    expect(error?.message).toContain('API_HOST must be a loopback address');
  });
});
