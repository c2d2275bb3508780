import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProviderAdapterConstructor } from './memory-store';

/**
 * The part of oidc-provider 8 the sandbox uses. The package ships ES modules
 * and no type declarations: Node (≥ 20.19) loads it through require() and
 * jest compiles it to CommonJS (jest.config.js); the types are written here,
 * for this use only, rather than declared globally for the whole repository.
 */
export interface OidcProviderModule {
  Provider: new (issuer: string, configuration: ProviderConfiguration) => OidcProvider;
}

export interface OidcProvider {
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  interactionDetails(request: IncomingMessage, response: ServerResponse): Promise<Interaction>;
  interactionFinished(
    request: IncomingMessage,
    response: ServerResponse,
    result: InteractionResult,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  on(event: 'server_error', listener: (ctx: unknown, error: Error) => void): this;
  Grant: GrantConstructor;
}

export interface Interaction {
  uid: string;
  prompt: { name: string; reasons: string[] };
  params: Record<string, unknown>;
}

export type InteractionResult =
  | { login: { accountId: string; acr?: string; amr?: string[]; remember?: boolean } }
  | { error: string; error_description?: string };

export interface Grant {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}

export interface GrantConstructor {
  new (properties: { accountId: string; clientId: string }): Grant;
  find(id: string): Promise<Grant | undefined>;
}

/** The koa context oidc-provider hands to the configuration's functions, as far as they read it. */
export interface ProviderContext {
  oidc: {
    provider: OidcProvider;
    client?: { clientId: string };
    session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
  };
  type: string;
  body: unknown;
}

export interface Account {
  accountId: string;
  claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
}

export interface ClientMetadata {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: string;
  userinfo_signed_response_alg?: string;
}

/** The configuration keys the sandbox sets (oidc-provider's lib/helpers/defaults.js documents them all). */
export interface ProviderConfiguration {
  adapter: ProviderAdapterConstructor;
  clients: ClientMetadata[];
  jwks: { keys: object[] };
  cookies: {
    keys: string[];
    long: { signed: boolean; httpOnly: boolean; sameSite: 'lax' | 'strict' | 'none' };
    short: { signed: boolean; httpOnly: boolean; sameSite: 'lax' | 'strict' | 'none' };
  };
  acrValues: string[];
  scopes: string[];
  claims: Record<string, string[] | null>;
  features: Record<string, Record<string, unknown>>;
  pkce: { methods: string[]; required: () => boolean };
  routes: Record<string, string>;
  ttl: Record<string, number>;
  interactions: { url: (ctx: ProviderContext, interaction: Interaction) => string };
  findAccount: (ctx: ProviderContext, sub: string) => Promise<Account | undefined>;
  loadExistingGrant: (ctx: ProviderContext) => Promise<Grant | undefined>;
  issueRefreshToken: (
    ctx: ProviderContext,
    client: { grantTypeAllowed(type: string): boolean },
  ) => boolean;
  rotateRefreshToken: boolean;
  /** Claims added to a token, shown by introspection. */
  extraTokenClaims?: (
    ctx: ProviderContext,
    token: { kind: string; accountId?: string },
  ) => Record<string, unknown> | undefined;
  renderError: (
    ctx: ProviderContext,
    out: { error: string; error_description?: string },
    error: Error,
  ) => void;
}

export function loadOidcProvider(): OidcProviderModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('oidc-provider') as OidcProviderModule;
}
