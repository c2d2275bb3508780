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
    expect(config.api).toEqual({ host: '127.0.0.1', port: 3000, administrators: [] });
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
    expect(error?.message).toContain('set PSC_ISSUER (the real Pro Santé Connect) first');
  });

  it('opens the API to the network only behind the real Pro Santé Connect', () => {
    const psc = {
      PSC_ISSUER: 'https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet',
      PSC_CLIENT_SECRET: 'secret',
      API_PUBLIC_URL: 'https://acces-direct.cpts.example',
    };
    expect(loadConfig({ ...psc, API_HOST: '0.0.0.0' }).api.host).toBe('0.0.0.0');
  });

  it('reads the administrators as a list of national ids', () => {
    expect(
      loadConfig({ ADMINISTRATORS: ' 810000000999, 810000000998 ' }).api.administrators,
    ).toEqual(['810000000999', '810000000998']);
    expect(loadConfig({}).api.administrators).toEqual([]);
    expect(() => loadConfig({ ADMINISTRATORS: '8100 0000' })).toThrow(/ADMINISTRATORS/);
  });
});

describe('loadConfig — DMP', () => {
  it('runs the DMP sandbox when no endpoint is configured', () => {
    const { dmp } = loadConfig({});
    expect(dmp.endpoints).toBeUndefined();
    expect(dmp).toMatchObject({
      authorizationMaxAgeMonths: 6,
      sandboxPort: 8443,
      vihfVersion: '4.0',
    });
  });

  it('needs every endpoint and every credential of a real DMP, and says which are missing', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        DMP_REPOSITORY_URL: 'https://dmp.example/repository',
        DMP_REGISTRY_URL: 'http://dmp.example/registry',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems).toEqual(
      expect.arrayContaining([
        'DMP_TRANSACTIONS_URL must be set with the other DMP endpoints',
        'DMP_REGISTRY_URL must be an https:// URL',
        'DMP_TLS_PKCS12 (ORG AUTH_CLI certificate) is required with the DMP endpoints',
        'DMP_LPS_HOMOLOGATION is required with the DMP endpoints',
      ]),
    );
  });

  it('reads a real DMP configuration', () => {
    const { dmp } = loadConfig({
      DMP_REPOSITORY_URL: 'https://dmp.example/repository',
      DMP_REGISTRY_URL: 'https://dmp.example/registry',
      DMP_TRANSACTIONS_URL: 'https://dmp.example/td',
      DMP_WEB_PORTAL_URL: 'https://dmp.example/web',
      DMP_TLS_PKCS12: '/etc/engine/auth.p12',
      DMP_TLS_PKCS12_PASSWORD: 'secret',
      DMP_SIGNING_PKCS12: '/etc/engine/sign.p12',
      DMP_SIGNING_PKCS12_PASSWORD: 'secret',
      DMP_CA: '/etc/engine/dmp-ca.pem',
      DMP_LPS_HOMOLOGATION: 'DMP-123',
      DMP_SOURCE_OID: '1.2.250.1.999.42',
      DMP_AUTHORIZATION_MAX_AGE_MONTHS: '12',
    });
    expect(dmp).toMatchObject({
      sourceOid: '1.2.250.1.999.42',
      authorizationMaxAgeMonths: 12,
      lps: { homologationNumber: 'DMP-123' },
      tlsPkcs12: { path: '/etc/engine/auth.p12', password: 'secret' },
    });
  });
});

describe('loadConfig — CPS card login', () => {
  it('is off without trusted CAs, and believes a proxy header from loopback by default', () => {
    expect(loadConfig({}).cps).toEqual({
      trustedCaPaths: [],
      crlPaths: [],
      trustedProxies: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
    });
    expect(
      loadConfig({
        CPS_TRUSTED_CAS: '/etc/igc-sante/fort-racine.pem,/etc/igc-sante/fort-personnes.pem',
        CPS_CRLS: '/var/lib/igc-sante/fort-personnes.crl',
        CPS_CLIENT_CERT_HEADER: 'X-SSL-Client-Cert',
        CPS_TRUSTED_PROXIES: '10.0.0.5',
      }).cps,
    ).toEqual({
      trustedCaPaths: ['/etc/igc-sante/fort-racine.pem', '/etc/igc-sante/fort-personnes.pem'],
      crlPaths: ['/var/lib/igc-sante/fort-personnes.crl'],
      clientCertHeader: 'x-ssl-client-cert',
      trustedProxies: ['10.0.0.5'],
    });
  });

  it('needs the CRLs with the CAs: a revoked card must not log in', () => {
    expect(() => loadConfig({ CPS_TRUSTED_CAS: '/etc/igc-sante/ca.pem' })).toThrow(/CPS_CRLS/);
  });
});
