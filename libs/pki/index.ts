export * from './certificates';
export * from './credential';
export * from './errors';
export * from './keys';
export * from './pkcs12';
export * from './test-pki';
export * from './x509';
