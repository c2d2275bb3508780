export * from './executables';
