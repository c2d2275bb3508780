import { readFileSync } from 'node:fs';
import type { CpsConfig } from '@app/config';
import type { CpsTrustConfiguration } from '@app/cps';

/** How the API takes CPS card logins: whom it trusts, and where the certificate comes from. */
export interface CpsRuntime {
  /**
   * The CAs and CRLs, read again when called: the API calls it at most once a
   * minute, so that CRLs the deployment refreshes are taken without a restart.
   */
  readTrust(): CpsTrustConfiguration;
  /** The header a TLS-terminating proxy forwards the certificate in (lower case). */
  clientCertHeader?: string;
  /** The proxy's addresses (as the socket reports them). */
  trustedProxies: readonly string[];
}

/** The configured CPS login, or none without trusted CAs. */
export function configuredCpsRuntime(config: CpsConfig): CpsRuntime | undefined {
  if (config.trustedCaPaths.length === 0) return undefined;
  return {
    readTrust: () => ({
      trustedCas: config.trustedCaPaths.map((path) => readFileSync(path)),
      crls: config.crlPaths.map((path) => readFileSync(path)),
    }),
    ...(config.clientCertHeader ? { clientCertHeader: config.clientCertHeader } : {}),
    trustedProxies: config.trustedProxies,
  };
}
