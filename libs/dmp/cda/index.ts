export * from './bench';
export * from './build-cda';
export { INS_OIDS, insProblem, nirKey } from '../ins';
export { UNSTRUCTURED_BODY_FORMATS, unstructuredBodyFormat } from '../media-types';
export type { UnstructuredBodyFormat } from '../media-types';
export * from './validate-cda';
export * from './read-body';
