export * from './cli-locator';
export * from './connection-options';
export * from './deadline-retry';
export * from './dev-server';
export * from './payload-codec';
export * from './redacting-logger';
export * from './search-attribute-registration';
export * from './workflow-bundle';
