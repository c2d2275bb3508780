import { isAbsolute, resolve } from 'node:path';

/**
 * The engine's configuration, read once from the environment at start-up and
 * validated as a whole: a deployment with three mistakes hears about all three.
 * Every variable is listed in the README.
 */
export interface EngineConfig {
  /** Where embedded services keep their data (PostgreSQL, Temporal's SQLite file, local secrets). */
  dataDir: string;
  database: DatabaseConfig;
  temporal: {
    /** When unset, `npm start` runs the Temporal CLI dev server. */
    address?: string;
    namespace: string;
    taskQueue: string;
    cliPath?: string;
    devServerPort: number;
    devServerUiPort: number;
    tls?: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
    apiKey?: string;
  };
  api: ApiConfig;
  /** `npm start` seeds the demo CPTS, practitioners and patients (never off loopback). */
  demoData: boolean;
  security: {
    /**
     * AES-256 keys for the payload codec, current one first, as `id:base64` pairs.
     * When unset, `npm start` generates one under the data folder.
     */
    payloadKeys?: PayloadKey[];
  };
  dmp: DmpConfig;
  mss: MssConfig;
  psc: PscConfig;
  cps: CpsConfig;
  insi: InsiConfig;
  audit: AuditConfig;
}

/**
 * Anchoring of the audit log: at intervals the worker signs the head of each
 * chain with HMAC-SHA-256 under a key the database does not hold, so that a
 * database owner who removes or rewrites events (and hashes them again) is found out.
 */
export interface AuditConfig {
  /**
   * HMAC keys, current one first, as `id:base64` pairs (older ones verify older anchors).
   * When unset, `npm start` generates one under the data folder; a deployment must set it.
   */
  anchorKeys?: AuditAnchorKey[];
  /** How often the chains' heads are anchored (ms). */
  anchorEveryMs: number;
}

export interface AuditAnchorKey {
  id: string;
  key: Buffer;
}

export interface DatabaseConfig {
  /** When unset, `npm start` runs an embedded PostgreSQL. */
  url?: string;
  embeddedPort: number;
  /** A statement running longer is cancelled (the API answers 503 rather than hang). */
  statementTimeoutMs: number;
  /** How long to wait for a connection before giving up (the API answers 503). */
  connectTimeoutMs: number;
}

/** A rate limit: at most `limit` calls in `ttlMs`. */
export interface RateLimit {
  limit: number;
  ttlMs: number;
}

export interface ApiConfig {
  host: string;
  port: number;
  /**
   * Where browsers reach the API (`https://…`), when it is not its listen address:
   * its origin is the only one state-changing requests with a session cookie may come from.
   */
  publicUrl?: string;
  /** idNat_PS of the engine's administrators (CPTS set-up, coordinators); they see no patient data. */
  administrators: string[];
  /** Reverse proxies in front of the API: their X-Forwarded-For names the client (rate limits). */
  trustedProxies: string[];
  /** A session unused for this long is closed (besides its absolute lifetime). */
  sessionIdleMinutes: number;
  rateLimits: {
    /** /auth/login, /auth/callback and /auth/cps, per client address. */
    login: RateLimit;
    /** POST /patients/identify, per practitioner (each call reaches INSi). */
    identify: RateLimit;
  };
}

/**
 * The INSi téléservice (CNAM). Without an endpoint, `npm start` runs the INSi
 * sandbox; a deployment gives the endpoint, the structure's INSI-AUTO
 * certificate and key (PEM), the CAs of INSi's server and the software's
 * authorisation number (IDAM, from the CNDA).
 */
export interface InsiConfig {
  endpoint?: string;
  certificatePath?: string;
  privateKeyPath?: string;
  caPath?: string;
  idam?: string;
  /** This installation's id (LPS/Instance): a UUID, kept across restarts. */
  instanceId?: string;
  sandboxPort: number;
}

/**
 * Logging in with a CPS card: the card's authentication certificate, checked
 * against IGC-Santé's CAs and CRLs. Without trusted CAs there is no CPS login.
 */
export interface CpsConfig {
  /** PEM files of the CAs trusted for CPS logins (IGC-Santé FORT root and PERSONNES CA). */
  trustedCaPaths: string[];
  /** The CAs' CRL files (DER or PEM), refreshed from IGC-Santé by the deployment; re-read within a minute. */
  crlPaths: string[];
  /** The request header a TLS-terminating proxy forwards the client certificate in (e.g. X-SSL-Client-Cert). */
  clientCertHeader?: string;
  /** The proxy's addresses: the header is believed on its connections only. */
  trustedProxies: string[];
}

/**
 * Pro Santé Connect. Without an issuer, `npm start` runs the local PSC
 * sandbox; a deployment gives PSC's issuer and the client it registered.
 */
export interface PscConfig {
  /** PSC's issuer (production: https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet). */
  issuer?: string;
  /** PSC's discovery document, when not at the issuer's `.well-known/wallet-openid-configuration`. */
  discoveryUrl?: string;
  clientId: string;
  clientSecret?: string;
  /** The API's address as browsers reach it: the redirect URI is `<publicUrl>/auth/callback`. */
  publicUrl?: string;
  /** How long a session lasts (PSC's own session: 4 hours at most, facts §4). */
  sessionHours: number;
  /**
   * The PSC clients (logiciels métier) whose access tokens the API accepts as
   * bearer tokens, checked by introspection; none by default.
   */
  bearerClients: string[];
  sandboxPort: number;
}

/**
 * MSSanté. Without an operator, `npm start` runs the local operator sandbox
 * (SMTP + IMAP over mutual TLS with the test PKI) and the Annuaire Santé
 * sandbox; a deployment points at its operator with the mailbox's IGC-Santé
 * certificate and at the Annuaire Santé with its API key.
 */
export interface MssConfig {
  operator?: {
    /** smtps://host:465 (implicit TLS) or smtp://host:587 (STARTTLS, required). */
    smtpUrl: string;
    /** imaps://host:993 or imap://host:143 (STARTTLS, required). */
    imapUrl: string;
    /** The engine's mailbox (an applicative BAL): sender of every message, where reports arrive. */
    address: string;
    imapPassword?: string;
    tlsPkcs12: { path: string; password: string };
    /** PEM file of the CAs that issue the operator's server certificates (IGC-Santé). */
    caPath: string;
  };
  /** X-MSS-NIL: the software's reference from its declaration on convergence.esante.gouv.fr. */
  nil: string;
  /** Domain suffixes professional addresses may end with. */
  domainSuffixes: string[];
  /** How often the mailbox is read for reports and replies, and notifications delivered (ms). */
  pollEveryMs: number;
  directory?: { url: string; apiKey: string };
  sandbox: { smtpPort: number; imapPort: number; directoryPort: number };
}

/**
 * The DMP. Without endpoints, `npm start` runs the local DMP sandbox with a test
 * PKI; a deployment points at the real DMP with the structure's IGC-Santé
 * certificates (PKCS#12 files).
 */
export interface DmpConfig {
  endpoints?: {
    repositoryUrl: string;
    registryUrl: string;
    transactionsUrl: string;
    webPortalUrl: string;
  };
  /** ORG AUTH_CLI certificate (mutual TLS), PKCS#12. */
  tlsPkcs12?: { path: string; password: string };
  /** ORG SIGN certificate (VIHF signature), PKCS#12. */
  signingPkcs12?: { path: string; password: string };
  /** PEM file of the CAs that issue the DMP's server certificate. */
  caPath?: string;
  /** OID of this installation (XDS submission sourceId). */
  sourceOid: string;
  lps: { name: string; version: string; homologationNumber: string };
  vihfVersion: string;
  /** An authorisation older than this must be renewed with the patient. */
  authorizationMaxAgeMonths: number;
  /** How often the engine asks the DMP for new documents of watched patients (alerts). */
  alertsEveryMs: number;
  sandboxPort: number;
}

export interface PayloadKey {
  id: string;
  key: Buffer;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function loadConfig(env: Env = process.env, cwd = process.cwd()): EngineConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const port = (name: string, fallback: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65_535) {
      problems.push(`${name} must be a TCP port (1-65535), got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const dataDirRaw = read('DATA_DIR') ?? '.data';
  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// URL');
  }

  const host = read('API_HOST') ?? '127.0.0.1';
  const demoData = read('DEMO_DATA') !== 'false';
  if (!LOOPBACK.has(host)) problems.push(...exposedSandboxes(host, read, demoData));
  const wholeNumber = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    const value = Number(raw ?? fallback);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const rateLimit = (name: string, fallback: RateLimit): RateLimit => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const match = /^(\d{1,6})\/(\d{1,6})$/.exec(raw);
    if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
      problems.push(`${name} must be <calls>/<seconds> (e.g. 20/60), got "${raw}"`);
      return fallback;
    }
    return { limit: Number(match[1]), ttlMs: Number(match[2]) * 1000 };
  };
  const administrators = listOf(read('ADMINISTRATORS'));
  for (const id of administrators) {
    if (!/^[0-9A-Za-z]{1,20}$/.test(id)) {
      problems.push(
        `ADMINISTRATORS must list national ids (idNat_PS), comma-separated; got "${id}"`,
      );
    }
  }

  const publicUrl = read('API_PUBLIC_URL')?.replace(/\/+$/, '');
  if (publicUrl && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(publicUrl)) {
    problems.push('API_PUBLIC_URL must be an http(s) URL such as https://acces-direct.example.fr');
  }

  const tlsCert = read('TEMPORAL_TLS_CERT');
  const tlsKey = read('TEMPORAL_TLS_KEY');
  if (Boolean(tlsCert) !== Boolean(tlsKey)) {
    problems.push('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together');
  }
  const tlsCa = read('TEMPORAL_TLS_CA');
  const tlsServerName = read('TEMPORAL_TLS_SERVER_NAME');
  const useTls = read('TEMPORAL_TLS') === 'true' || Boolean(tlsCert || tlsCa || tlsServerName);

  const config: EngineConfig = {
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw),
    database: {
      url: databaseUrl,
      embeddedPort: port('EMBEDDED_POSTGRES_PORT', 5433),
      statementTimeoutMs: wholeNumber('DATABASE_STATEMENT_TIMEOUT_SECONDS', 30, 1, 3600) * 1000,
      connectTimeoutMs: wholeNumber('DATABASE_CONNECT_TIMEOUT_SECONDS', 5, 1, 300) * 1000,
    },
    temporal: {
      address: read('TEMPORAL_ADDRESS'),
      namespace: read('TEMPORAL_NAMESPACE') ?? 'default',
      taskQueue: read('TEMPORAL_TASK_QUEUE') ?? 'acces-direct-pathways',
      cliPath: read('TEMPORAL_CLI_PATH'),
      devServerPort: port('TEMPORAL_DEV_SERVER_PORT', 7233),
      devServerUiPort: port('TEMPORAL_DEV_SERVER_UI_PORT', 8233),
      tls: useTls
        ? { certPath: tlsCert, keyPath: tlsKey, caPath: tlsCa, serverName: tlsServerName }
        : undefined,
      apiKey: read('TEMPORAL_API_KEY'),
    },
    api: {
      host,
      port: port('API_PORT', 3000),
      ...(publicUrl ? { publicUrl } : {}),
      administrators,
      trustedProxies: listOf(read('API_TRUSTED_PROXIES')),
      sessionIdleMinutes: wholeNumber('SESSION_IDLE_MINUTES', 30, 1, 720),
      rateLimits: {
        login: rateLimit('RATE_LIMIT_LOGIN', { limit: 20, ttlMs: 60_000 }),
        identify: rateLimit('RATE_LIMIT_IDENTIFY', { limit: 30, ttlMs: 600_000 }),
      },
    },
    demoData,
    security: { payloadKeys: parsePayloadKeys(read('PAYLOAD_ENCRYPTION_KEYS'), problems) },
    dmp: readDmpConfig(read, port, problems),
    mss: readMssConfig(read, port, problems),
    psc: readPscConfig(read, port, problems, publicUrl),
    cps: readCpsConfig(read, problems),
    insi: readInsiConfig(read, port, problems),
    audit: {
      anchorKeys: parseAuditAnchorKeys(read('AUDIT_ANCHOR_KEY'), problems),
      anchorEveryMs: wholeNumber('AUDIT_ANCHOR_EVERY_MINUTES', 60, 1, 1440) * 60_000,
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const DMP_URLS = {
  repositoryUrl: 'DMP_REPOSITORY_URL',
  registryUrl: 'DMP_REGISTRY_URL',
  transactionsUrl: 'DMP_TRANSACTIONS_URL',
  webPortalUrl: 'DMP_WEB_PORTAL_URL',
} as const;

function readDmpConfig(
  read: (name: string) => string | undefined,
  port: (name: string, fallback: number) => number,
  problems: string[],
): DmpConfig {
  const urls = Object.entries(DMP_URLS).map(([key, name]) => [key, read(name)] as const);
  const given = urls.filter(([, value]) => value !== undefined);
  let endpoints: DmpConfig['endpoints'];
  if (given.length > 0) {
    for (const [key, value] of urls) {
      const name = DMP_URLS[key as keyof typeof DMP_URLS];
      if (!value) problems.push(`${name} must be set with the other DMP endpoints`);
      else if (!/^https:\/\//.test(value)) problems.push(`${name} must be an https:// URL`);
    }
    endpoints = Object.fromEntries(urls) as DmpConfig['endpoints'];
  }
  const pkcs12 = (pathName: string, passwordName: string) => {
    const path = read(pathName);
    if (!path) return undefined;
    const password = read(passwordName);
    if (password === undefined) problems.push(`${passwordName} must be set with ${pathName}`);
    return { path, password: password ?? '' };
  };
  const tlsPkcs12 = pkcs12('DMP_TLS_PKCS12', 'DMP_TLS_PKCS12_PASSWORD');
  const signingPkcs12 = pkcs12('DMP_SIGNING_PKCS12', 'DMP_SIGNING_PKCS12_PASSWORD');
  const caPath = read('DMP_CA');
  const homologationNumber = read('DMP_LPS_HOMOLOGATION');
  if (endpoints) {
    // A real DMP: every credential must be given, nothing falls back to the sandbox's.
    if (!tlsPkcs12)
      problems.push('DMP_TLS_PKCS12 (ORG AUTH_CLI certificate) is required with the DMP endpoints');
    if (!signingPkcs12)
      problems.push('DMP_SIGNING_PKCS12 (ORG SIGN certificate) is required with the DMP endpoints');
    if (!caPath)
      problems.push("DMP_CA (the DMP server's CA certificates) is required with the DMP endpoints");
    if (!homologationNumber)
      problems.push('DMP_LPS_HOMOLOGATION is required with the DMP endpoints');
  }
  const sourceOid = read('DMP_SOURCE_OID') ?? '1.2.250.1.999.1.1';
  if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(sourceOid)) problems.push('DMP_SOURCE_OID must be an OID');
  const months = Number(read('DMP_AUTHORIZATION_MAX_AGE_MONTHS') ?? 6);
  if (!Number.isInteger(months) || months < 1 || months > 36) {
    problems.push('DMP_AUTHORIZATION_MAX_AGE_MONTHS must be a whole number of months (1-36)');
  }
  // Each look is one ITI-18 query per watched patient: hourly by default, a few seconds at most in tests.
  const alertMinutes = Number(read('DMP_ALERTS_EVERY_MINUTES') ?? 60);
  if (!Number.isFinite(alertMinutes) || alertMinutes < 0.05 || alertMinutes > 1440) {
    problems.push('DMP_ALERTS_EVERY_MINUTES must be a number of minutes (0.05-1440)');
  }
  return {
    endpoints,
    tlsPkcs12,
    signingPkcs12,
    caPath,
    sourceOid,
    lps: {
      name: read('DMP_LPS_NAME') ?? 'acces-direct-engine',
      version: read('DMP_LPS_VERSION') ?? '0.1.0',
      homologationNumber: homologationNumber ?? 'SANDBOX',
    },
    vihfVersion: read('DMP_VIHF_VERSION') ?? '4.0',
    authorizationMaxAgeMonths: months,
    alertsEveryMs: Math.round(alertMinutes * 60_000),
    sandboxPort: port('DMP_SANDBOX_PORT', 8443),
  };
}

function readPscConfig(
  read: (name: string) => string | undefined,
  port: (name: string, fallback: number) => number,
  problems: string[],
  publicUrl: string | undefined,
): PscConfig {
  const issuer = read('PSC_ISSUER');
  const clientSecret = read('PSC_CLIENT_SECRET');
  if (issuer && !/^https:\/\//.test(issuer)) problems.push('PSC_ISSUER must be an https:// URL');
  if (issuer && !clientSecret) problems.push('PSC_CLIENT_SECRET is required with PSC_ISSUER');
  if (issuer && !publicUrl) {
    problems.push('API_PUBLIC_URL (where browsers reach the API) is required with PSC_ISSUER');
  }
  const hours = Number(read('SESSION_HOURS') ?? 4);
  if (!Number.isInteger(hours) || hours < 1 || hours > 12) {
    problems.push('SESSION_HOURS must be a whole number of hours from 1 to 12');
  }
  return {
    ...(issuer ? { issuer } : {}),
    ...(read('PSC_DISCOVERY_URL') ? { discoveryUrl: read('PSC_DISCOVERY_URL') } : {}),
    clientId: read('PSC_CLIENT_ID') ?? 'acces-direct',
    ...(clientSecret ? { clientSecret } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    sessionHours: hours,
    bearerClients: (read('PSC_BEARER_CLIENTS') ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
    sandboxPort: port('PSC_SANDBOX_PORT', 8082),
  };
}

function readInsiConfig(
  read: (name: string) => string | undefined,
  port: (name: string, fallback: number) => number,
  problems: string[],
): InsiConfig {
  const endpoint = read('INSI_ENDPOINT');
  const fields = {
    certificatePath: read('INSI_CERTIFICATE'),
    privateKeyPath: read('INSI_PRIVATE_KEY'),
    caPath: read('INSI_CA'),
    idam: read('INSI_IDAM'),
    instanceId: read('INSI_INSTANCE_ID'),
  };
  if (endpoint) {
    if (!/^https:\/\//.test(endpoint)) problems.push('INSI_ENDPOINT must be an https:// URL');
    const names: Record<keyof typeof fields, string> = {
      certificatePath: 'INSI_CERTIFICATE',
      privateKeyPath: 'INSI_PRIVATE_KEY',
      caPath: 'INSI_CA',
      idam: 'INSI_IDAM',
      instanceId: 'INSI_INSTANCE_ID',
    };
    const missing = (Object.keys(names) as (keyof typeof fields)[]).filter((k) => !fields[k]);
    if (missing.length > 0) {
      problems.push(`INSI_ENDPOINT needs ${missing.map((k) => names[k]).join(', ')}`);
    }
  }
  return {
    ...(endpoint ? { endpoint } : {}),
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    sandboxPort: port('INSI_SANDBOX_PORT', 8444),
  };
}

function readCpsConfig(read: (name: string) => string | undefined, problems: string[]): CpsConfig {
  const list = (name: string) => listOf(read(name));
  const trustedCaPaths = list('CPS_TRUSTED_CAS');
  const crlPaths = list('CPS_CRLS');
  const clientCertHeader = read('CPS_CLIENT_CERT_HEADER')?.toLowerCase();
  if (trustedCaPaths.length > 0 && crlPaths.length === 0) {
    problems.push('CPS_CRLS is required with CPS_TRUSTED_CAS: a revoked card must not log in');
  }
  if (clientCertHeader && !/^[a-z0-9-]+$/.test(clientCertHeader)) {
    problems.push('CPS_CLIENT_CERT_HEADER must be a header name');
  }
  const trustedProxies = list('CPS_TRUSTED_PROXIES');
  if (clientCertHeader && trustedProxies.length === 0) {
    // Whoever may send the header may log in as any card holder: the proxies are named, never assumed.
    problems.push(
      'CPS_TRUSTED_PROXIES (the addresses of the TLS proxy that sets the header) is required with CPS_CLIENT_CERT_HEADER',
    );
  }
  return {
    trustedCaPaths,
    crlPaths,
    ...(clientCertHeader ? { clientCertHeader } : {}),
    trustedProxies,
  };
}

function readMssConfig(
  read: (name: string) => string | undefined,
  port: (name: string, fallback: number) => number,
  problems: string[],
): MssConfig {
  const smtpUrl = read('MSS_SMTP_URL');
  const imapUrl = read('MSS_IMAP_URL');
  const address = read('MSS_ADDRESS');
  const p12 = read('MSS_TLS_PKCS12');
  const p12Password = read('MSS_TLS_PKCS12_PASSWORD');
  const caPath = read('MSS_CA');
  const nil = read('MSS_NIL');
  let operator: MssConfig['operator'];
  if (smtpUrl || imapUrl) {
    // A real operator: every credential must be given, nothing falls back to the sandbox's.
    if (!smtpUrl || !/^smtps?:\/\/[^/]+:\d+\/?$/.test(smtpUrl))
      problems.push('MSS_SMTP_URL must be smtps://host:port or smtp://host:port (STARTTLS)');
    if (!imapUrl || !/^imaps?:\/\/[^/]+:\d+\/?$/.test(imapUrl))
      problems.push('MSS_IMAP_URL must be imaps://host:port or imap://host:port (STARTTLS)');
    if (!address)
      problems.push("MSS_ADDRESS (the engine's MSSanté mailbox) is required with the operator");
    if (!p12)
      problems.push('MSS_TLS_PKCS12 (the mailbox certificate) is required with the operator');
    if (p12 && p12Password === undefined)
      problems.push('MSS_TLS_PKCS12_PASSWORD must be set with MSS_TLS_PKCS12');
    if (!caPath)
      problems.push("MSS_CA (the operator's CA certificates) is required with the operator");
    if (!nil)
      problems.push('MSS_NIL (the X-MSS-NIL software reference) is required with the operator');
    operator = {
      smtpUrl: smtpUrl ?? '',
      imapUrl: imapUrl ?? '',
      address: address ?? '',
      ...(read('MSS_IMAP_PASSWORD') ? { imapPassword: read('MSS_IMAP_PASSWORD') } : {}),
      tlsPkcs12: { path: p12 ?? '', password: p12Password ?? '' },
      caPath: caPath ?? '',
    };
  }
  const pollSeconds = Number(read('MSS_POLL_EVERY_SECONDS') ?? 60);
  if (!Number.isFinite(pollSeconds) || pollSeconds < 1 || pollSeconds > 86_400) {
    problems.push('MSS_POLL_EVERY_SECONDS must be a number of seconds (1-86400)');
  }
  const directoryUrl = read('ANNUAIRE_SANTE_URL');
  const apiKey = read('ANNUAIRE_SANTE_API_KEY');
  if (directoryUrl && !apiKey)
    problems.push('ANNUAIRE_SANTE_API_KEY must be set with ANNUAIRE_SANTE_URL');
  if (directoryUrl && !/^https?:\/\//.test(directoryUrl))
    problems.push('ANNUAIRE_SANTE_URL must be an http(s) URL');
  return {
    operator,
    nil: nil ?? 'SANDBOX-ACCES-DIRECT',
    domainSuffixes: (read('MSS_DOMAIN_SUFFIXES') ?? '.mssante.fr')
      .split(',')
      .map((suffix) => suffix.trim())
      .filter(Boolean),
    pollEveryMs: pollSeconds * 1000,
    ...(directoryUrl ? { directory: { url: directoryUrl, apiKey: apiKey ?? '' } } : {}),
    sandbox: {
      smtpPort: port('MSS_SANDBOX_SMTP_PORT', 2465),
      imapPort: port('MSS_SANDBOX_IMAP_PORT', 2993),
      directoryPort: port('ANNUAIRE_SANDBOX_PORT', 8081),
    },
  };
}

/** A comma-separated list, without blanks. */
function listOf(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * What a non-loopback API must not run with: each sandbox lets anyone act as a
 * test practitioner or answers for a national service with made-up data, and
 * the demo data are test people. Every one still on is a problem to list.
 */
function exposedSandboxes(
  host: string,
  read: (name: string) => string | undefined,
  demoData: boolean,
): string[] {
  const still = (what: string, set: string) =>
    `API_HOST "${host}" is not a loopback address but ${what}: set ${set}`;
  return [
    read('PSC_ISSUER')
      ? undefined
      : still(
          'the Pro Santé Connect sandbox would log anyone in',
          'PSC_ISSUER (the real Pro Santé Connect)',
        ),
    read('DMP_REPOSITORY_URL')
      ? undefined
      : still('the DMP sandbox would take the documents', 'the DMP_* endpoints and certificates'),
    read('MSS_SMTP_URL') || read('MSS_IMAP_URL')
      ? undefined
      : still(
          'the MSSanté operator sandbox would take the messages',
          'MSS_SMTP_URL, MSS_IMAP_URL and the mailbox certificate',
        ),
    read('ANNUAIRE_SANTE_URL')
      ? undefined
      : still(
          'the Annuaire Santé sandbox would answer for the directory',
          'ANNUAIRE_SANTE_URL and ANNUAIRE_SANTE_API_KEY',
        ),
    read('INSI_ENDPOINT')
      ? undefined
      : still('the INSi sandbox would answer for identities', 'INSI_ENDPOINT and its certificate'),
    demoData
      ? still(
          'the demo data (test CPTS, practitioners, patients) would be seeded',
          'DEMO_DATA=false',
        )
      : undefined,
  ].filter((problem) => problem !== undefined);
}

/** `current-id:base64,older-id:base64`: the first key encrypts, all of them decrypt. */
export function parsePayloadKeys(
  raw: string | undefined,
  problems: string[],
): PayloadKey[] | undefined {
  return parseKeyList('PAYLOAD_ENCRYPTION_KEYS', 'AES-256', raw, problems);
}

/** `current-id:base64,older-id:base64`: the first key signs new anchors, all of them verify. */
export function parseAuditAnchorKeys(
  raw: string | undefined,
  problems: string[],
): AuditAnchorKey[] | undefined {
  return parseKeyList('AUDIT_ANCHOR_KEY', 'HMAC-SHA-256', raw, problems);
}

function parseKeyList(
  name: string,
  purpose: string,
  raw: string | undefined,
  problems: string[],
): { id: string; key: Buffer }[] | undefined {
  if (raw === undefined) return undefined;
  const keys: { id: string; key: Buffer }[] = [];
  for (const item of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const separator = item.indexOf(':');
    const id = separator > 0 ? item.slice(0, separator) : '';
    const key = Buffer.from(item.slice(separator + 1), 'base64');
    if (!/^[\w.-]{1,64}$/.test(id) || key.length !== 32) {
      problems.push(`${name} must list id:base64 pairs of 32-byte (${purpose}) keys`);
      return undefined;
    }
    keys.push({ id, key });
  }
  if (keys.length === 0) problems.push(`${name} is empty`);
  return keys;
}
