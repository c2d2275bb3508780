export * from './calendar';
export * from './cpts-policy';
export * from './document-format';
export * from './domain-error';
export * from './iso-duration';
export * from './pathway';
