// Two kinds of tests, run as separate jest projects:
//  - unit:        *.spec.ts beside the code, no server needed;
//  - integration: test/**/*.int-spec.ts, against a real Temporal dev server and PostgreSQL
//                 (started once by test/setup/global-setup.ts).
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

// Packages that ship ES modules only, compiled to CommonJS for jest (Node itself
// require()s them): openid-client and its dependencies; oidc-provider (the Pro
// Santé Connect sandbox) and the ES-module packages it loads (got and got's
// dependencies, nanoid, quick-lru).
const ESM_PACKAGES = [
  'openid-client',
  'oauth4webapi',
  'jose',
  'oidc-provider',
  'got',
  '@sindresorhus/is',
  '@szmarczak/http-timer',
  'cacheable-lookup',
  'cacheable-request',
  'mimic-response',
  'normalize-url',
  'responselike',
  'lowercase-keys',
  'form-data-encoder',
  'p-cancelable',
  'nanoid',
  'quick-lru',
].join('|');

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
    [`/node_modules/(${ESM_PACKAGES})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: '<rootDir>/tsconfig.jest-esm.json' },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
};

module.exports = {
  // Integration tests wait for real timers (PT2S policies) and real servers.
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,workflows,bench}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/quiet-temporal.ts'],
    },
  ],
};
