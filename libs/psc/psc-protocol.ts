/**
 * The fixed parts of Pro Santé Connect's OpenID Connect profile
 * (../shared/domain/facts.md §4).
 */

/** PSC grants its claims under one scope, next to `openid`. */
export const PSC_SCOPE = 'openid scope_all';

/** The only level PSC authenticates health professionals at (CPS card or e-CPS); checked in the ID token's `acr`. */
export const PSC_ACR = 'eidas1';

/** PSC's Keycloak realm: the issuer's path. */
export const PSC_REALM_PATH = '/auth/realms/esante-wallet';

/** PSC publishes its discovery document here under the issuer, not at the standard `openid-configuration`. */
export const PSC_DISCOVERY_PATH = '/.well-known/wallet-openid-configuration';

export interface PscEnvironment {
  issuer: string;
  discoveryUrl: string;
}

function environment(origin: string): PscEnvironment {
  const issuer = `${origin}${PSC_REALM_PATH}`;
  return { issuer, discoveryUrl: `${issuer}${PSC_DISCOVERY_PATH}` };
}

/** ANS's environments: production and the bac à sable (BAS) open to integrators. */
export const PSC_ENVIRONMENTS = {
  production: environment('https://auth.esw.esante.gouv.fr'),
  bacASable: environment('https://auth.bas.psc.esante.gouv.fr'),
} as const satisfies Record<string, PscEnvironment>;
