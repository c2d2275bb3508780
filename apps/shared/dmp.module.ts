import { Global, Module } from '@nestjs/common';
import { DmpClient, ValueSets } from '@app/dmp';
import { ENGINE_RUNTIME, EngineRuntime } from './engine-runtime';

/** The DMP client, configured from the runtime (the real DMP, or the local sandbox). */
@Global()
@Module({
  providers: [
    {
      provide: DmpClient,
      inject: [ENGINE_RUNTIME],
      useFactory: (runtime: EngineRuntime) =>
        new DmpClient({ ...runtime.dmp, valueSets: ValueSets.load() }),
    },
  ],
  exports: [DmpClient],
})
export class DmpModule {}
