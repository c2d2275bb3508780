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
    expect(config.api).toEqual({
      host: '127.0.0.1',
      port: 3000,
      administrators: [],
      trustedProxies: [],
      sessionIdleMinutes: 30,
      rateLimits: {
        login: { limit: 20, ttlMs: 60_000 },
        identify: { limit: 30, ttlMs: 600_000 },
      },
    });
    expect(config.database).toMatchObject({ statementTimeoutMs: 30_000, connectTimeoutMs: 5_000 });
    expect(config.demoData).toBe(true);
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
    // Four mistakes, and six sandboxes or demo data left on for a network-facing API.
    expect(error?.problems).toHaveLength(10);
    expect(error?.message).toContain('set PSC_ISSUER (the real Pro Santé Connect)');
  });

  /** Everything a network-facing engine needs instead of the sandboxes. */
  const production = {
    PSC_ISSUER: 'https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet',
    PSC_CLIENT_SECRET: 'secret',
    API_PUBLIC_URL: 'https://acces-direct.cpts.example',
    DMP_REPOSITORY_URL: 'https://dmp.example/repository',
    DMP_REGISTRY_URL: 'https://dmp.example/registry',
    DMP_TRANSACTIONS_URL: 'https://dmp.example/transactions',
    DMP_WEB_PORTAL_URL: 'https://dmp.example/portal',
    DMP_TLS_PKCS12: '/etc/engine/auth.p12',
    DMP_TLS_PKCS12_PASSWORD: 'p',
    DMP_SIGNING_PKCS12: '/etc/engine/sign.p12',
    DMP_SIGNING_PKCS12_PASSWORD: 'p',
    DMP_CA: '/etc/engine/dmp-ca.pem',
    DMP_LPS_HOMOLOGATION: 'HOMOL-1',
    MSS_SMTP_URL: 'smtps://smtp.operator.example:465',
    MSS_IMAP_URL: 'imaps://imap.operator.example:993',
    MSS_ADDRESS: 'acces-direct@cpts.mssante.fr',
    MSS_TLS_PKCS12: '/etc/engine/bal.p12',
    MSS_TLS_PKCS12_PASSWORD: 'p',
    MSS_CA: '/etc/engine/mss-ca.pem',
    MSS_NIL: 'NIL-1',
    ANNUAIRE_SANTE_URL: 'https://gateway.api.esante.gouv.fr/fhir/v2',
    ANNUAIRE_SANTE_API_KEY: 'key',
    INSI_ENDPOINT: 'https://services-ps-tlsm.ameli.fr/lps',
    INSI_CERTIFICATE: '/etc/engine/insi.pem',
    INSI_PRIVATE_KEY: '/etc/engine/insi.key',
    INSI_CA: '/etc/engine/insi-ca.pem',
    INSI_IDAM: 'IDAM-1',
    INSI_INSTANCE_ID: '5d6a1f3e-58c1-4c4c-9a39-0f6f3e3b1a10',
    DEMO_DATA: 'false',
  };

  it('opens the API to the network only with no sandbox and no demo data', () => {
    const config = loadConfig({ ...production, API_HOST: '0.0.0.0' });
    expect(config.api.host).toBe('0.0.0.0');
    expect(config.api.publicUrl).toBe('https://acces-direct.cpts.example');
    expect(config.demoData).toBe(false);
  });

  it('refuses a network-facing API with any sandbox or the demo data still on, and lists each', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ API_HOST: '10.0.0.12' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems).toEqual([
      expect.stringContaining('set PSC_ISSUER'),
      expect.stringContaining('set the DMP_* endpoints'),
      expect.stringContaining('set MSS_SMTP_URL, MSS_IMAP_URL'),
      expect.stringContaining('set ANNUAIRE_SANTE_URL'),
      expect.stringContaining('set INSI_ENDPOINT'),
      expect.stringContaining('set DEMO_DATA=false'),
    ]);
    // One left on is still refused.
    const { INSI_ENDPOINT: _insi, ...withoutInsi } = production;
    expect(() => loadConfig({ ...withoutInsi, API_HOST: '0.0.0.0' })).toThrow(/INSi sandbox/);
    expect(() => loadConfig({ ...production, DEMO_DATA: 'true', API_HOST: '0.0.0.0' })).toThrow(
      /DEMO_DATA=false/,
    );
  });

  it('reads the session, rate-limit and database settings, and refuses nonsense', () => {
    const config = loadConfig({
      SESSION_IDLE_MINUTES: '15',
      RATE_LIMIT_LOGIN: '5/30',
      RATE_LIMIT_IDENTIFY: '100/3600',
      API_TRUSTED_PROXIES: '10.0.0.2, 10.0.0.3',
      DATABASE_STATEMENT_TIMEOUT_SECONDS: '10',
      DATABASE_CONNECT_TIMEOUT_SECONDS: '2',
    });
    expect(config.api.sessionIdleMinutes).toBe(15);
    expect(config.api.rateLimits).toEqual({
      login: { limit: 5, ttlMs: 30_000 },
      identify: { limit: 100, ttlMs: 3_600_000 },
    });
    expect(config.api.trustedProxies).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(config.database).toMatchObject({ statementTimeoutMs: 10_000, connectTimeoutMs: 2_000 });
    expect(() => loadConfig({ RATE_LIMIT_LOGIN: 'lots' })).toThrow(/RATE_LIMIT_LOGIN/);
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_SECONDS: '-1' })).toThrow(
      /DATABASE_STATEMENT_TIMEOUT_SECONDS/,
    );
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
  it('is off without trusted CAs, and believes a proxy header only from the proxies it names', () => {
    expect(loadConfig({}).cps).toEqual({ trustedCaPaths: [], crlPaths: [], trustedProxies: [] });
    // No default: whoever may send the header may log in as any card holder.
    expect(() => loadConfig({ CPS_CLIENT_CERT_HEADER: 'X-SSL-Client-Cert' })).toThrow(
      /CPS_TRUSTED_PROXIES .* is required with CPS_CLIENT_CERT_HEADER/,
    );
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

  it('reads the audit anchor keys and interval (anchors every hour, no key, by default)', () => {
    expect(loadConfig({}).audit).toEqual({ anchorKeys: undefined, anchorEveryMs: 3_600_000 });
    const key = randomBytes(32).toString('base64');
    const old = randomBytes(32).toString('base64');
    const audit = loadConfig({
      AUDIT_ANCHOR_KEY: `a2:${key},a1:${old}`,
      AUDIT_ANCHOR_EVERY_MINUTES: '15',
    }).audit;
    expect(audit.anchorKeys?.map((k) => [k.id, k.key.toString('base64')])).toEqual([
      ['a2', key],
      ['a1', old],
    ]);
    expect(audit.anchorEveryMs).toBe(900_000);
  });

  it('refuses a short anchor key and an interval out of range, naming them', () => {
    expect(() =>
      loadConfig({ AUDIT_ANCHOR_KEY: 'a1:c2hvcnQ=', AUDIT_ANCHOR_EVERY_MINUTES: '0' }),
    ).toThrow(
      /AUDIT_ANCHOR_KEY must list id:base64 pairs of 32-byte \(HMAC-SHA-256\) keys[\s\S]*AUDIT_ANCHOR_EVERY_MINUTES must be a whole number from 1 to 1440/,
    );
    expect(() => loadConfig({ AUDIT_ANCHOR_KEY: randomBytes(32).toString('base64') })).toThrow(
      /AUDIT_ANCHOR_KEY must list id:base64 pairs/,
    );
  });
});
