import { randomUUID } from 'node:crypto';

/** A fresh registry object id; ebRIM ids that are not symbolic are urn:uuid. */
export const newUuid = (): string => `urn:uuid:${randomUUID()}`;
