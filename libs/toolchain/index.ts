export * from './executables';
export * from './ports';
export * from './reach';
export * from './root-folder';
export * from './startup-error';
