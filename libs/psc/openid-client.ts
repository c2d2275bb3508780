import type * as OpenidClient from 'openid-client' with { 'resolution-mode': 'import' };

/**
 * openid-client 6 ships ES modules only, and the engine compiles to CommonJS.
 * Node (≥ 20.19) loads an ES module through require(), and jest compiles it to
 * CommonJS (jest.config.js), but TypeScript in node16 mode refuses a static
 * import of it: the types come in as an import type, the module through require.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const oidc = require('openid-client') as typeof OpenidClient;

export type { OpenidClient };
