export * from './config';
export * from './free-port';
