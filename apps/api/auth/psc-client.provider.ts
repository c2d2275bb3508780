import type { Provider } from '@nestjs/common';
import { PscClient } from '@app/psc';
import { ENGINE_RUNTIME, type EngineRuntime } from '../../shared/engine-runtime';

export const PSC_CLIENT = Symbol('PSC_CLIENT');

/** One PSC client per API process (it caches PSC's discovery document); none when not configured. */
export const pscClientProvider: Provider = {
  provide: PSC_CLIENT,
  inject: [ENGINE_RUNTIME],
  useFactory: (runtime: EngineRuntime) =>
    runtime.psc ? new PscClient(runtime.psc.client) : undefined,
};
