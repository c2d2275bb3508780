import type { ValueSets } from '../value-sets';
import type { AccessPolicy } from './access';
import type { SandboxStore } from './store';

/** What the transaction handlers share: storage, value sets, and the sandbox's settings. */
export interface SandboxServices {
  store: SandboxStore;
  valueSets: ValueSets;
  repositoryUniqueId: string;
  authorizationMaxAgeMonths: number;
}

export function accessPolicy(services: SandboxServices, now: Date): AccessPolicy {
  return { maxAgeMonths: services.authorizationMaxAgeMonths, now };
}
