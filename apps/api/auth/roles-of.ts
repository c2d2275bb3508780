import { Inject, Injectable } from '@nestjs/common';
import { CoordinatorStore } from '@app/persistence';
import { ENGINE_RUNTIME, type EngineRuntime } from '../../shared/engine-runtime';
import type { Principal } from './principal';

/** A professional's roles, from the engine's own records (PSC knows nothing of CPTS). */
@Injectable()
export class RolesOf {
  constructor(
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
    private readonly coordinators: CoordinatorStore,
  ) {}

  async principal(idNatPs: string, practitionerId: string | null): Promise<Principal> {
    return {
      idNatPs,
      practitionerId,
      coordinatorOf: await this.coordinators.cptsCoordinatedBy(idNatPs),
      administrator: this.runtime.api.administrators.includes(idNatPs),
    };
  }
}
