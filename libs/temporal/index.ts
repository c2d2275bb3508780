export * from './cli-locator';
export * from './connection-options';
export * from './dev-server';
export * from './payload-codec';
export * from './search-attribute-registration';
export * from './workflow-bundle';
