import type { PscConfig } from '@app/config';
import type { PscClientOptions } from '@app/psc';

/** How the API logs practitioners in: the PSC client and the session rules. */
export interface PscRuntime {
  client: PscClientOptions;
  /** Where PSC sends the browser back after logging out. */
  postLogoutRedirectUri: string;
  sessionHours: number;
  /** Session cookies carry `Secure`, except for a plain-http API on loopback (`npm start`). */
  secureCookies: boolean;
  /** PSC clients (logiciels métier) whose access tokens are accepted as bearer tokens. */
  bearerClients: readonly string[];
}

/** The configured Pro Santé Connect, or none (then `npm start` runs the sandbox). */
export function configuredPscRuntime(config: PscConfig): PscRuntime | undefined {
  if (!config.issuer || !config.clientSecret || !config.publicUrl) return undefined;
  return {
    client: {
      issuer: config.issuer,
      ...(config.discoveryUrl ? { discoveryUrl: config.discoveryUrl } : {}),
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      redirectUri: `${config.publicUrl}/auth/callback`,
    },
    postLogoutRedirectUri: `${config.publicUrl}/`,
    sessionHours: config.sessionHours,
    secureCookies: config.publicUrl.startsWith('https://'),
    bearerClients: config.bearerClients,
  };
}

/** The PSC sandbox's client, for an API reached at `apiUrl`. */
export function sandboxPscRuntime(
  config: PscConfig,
  sandbox: { issuer: string; clientSecret: string; caPem?: readonly string[] },
  apiUrl: string,
): PscRuntime {
  return {
    client: {
      issuer: sandbox.issuer,
      clientId: config.clientId,
      clientSecret: sandbox.clientSecret,
      redirectUri: `${apiUrl}/auth/callback`,
      ...(sandbox.caPem ? { trustedCaPem: sandbox.caPem } : { allowInsecureLoopbackHttp: true }),
    },
    postLogoutRedirectUri: `${apiUrl}/`,
    sessionHours: config.sessionHours,
    secureCookies: apiUrl.startsWith('https://'),
    bearerClients: config.bearerClients,
  };
}
