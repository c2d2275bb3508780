// What the API, the worker and the tests may import from the workflows (alias `@app/workflows`):
// message definitions, types and search attributes, never the workflow functions themselves.
export * from './pathway/activities';
export * from './pathway/definitions';
export * from './pathway/search-attributes';
export * from './pathway/types';
export { PathwayMachine, PathwayTransitionError, awaitedDuty } from './pathway/pathway-machine';
export * from './patient-messages/definitions';
