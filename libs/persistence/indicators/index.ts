export * from './indicator-definitions';
export * from './indicator-types';
export * from './indicators-store';
export * from './period-buckets';
export * from './worklist-store';
