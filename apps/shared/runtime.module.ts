import { DynamicModule, Global, Module } from '@nestjs/common';
import { ENGINE_RUNTIME, EngineRuntime } from './engine-runtime';

/** Makes the resolved runtime injectable everywhere (`@Inject(ENGINE_RUNTIME)`). */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(runtime: EngineRuntime): DynamicModule {
    return {
      module: RuntimeModule,
      providers: [{ provide: ENGINE_RUNTIME, useValue: runtime }],
      exports: [ENGINE_RUNTIME],
    };
  }
}
