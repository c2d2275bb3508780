import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { AnnuaireSanteClient, MssClient } from '@app/mss';
import { ENGINE_RUNTIME, EngineRuntime } from './engine-runtime';

@Injectable()
class MssClientCloser implements OnApplicationShutdown {
  constructor(@Inject(MssClient) private readonly client: MssClient) {}

  onApplicationShutdown(): void {
    this.client.close();
  }
}

/** The engine's MSSanté mailbox and the Annuaire Santé, configured from the runtime (real or sandbox). */
@Global()
@Module({
  providers: [
    {
      provide: MssClient,
      inject: [ENGINE_RUNTIME],
      useFactory: (runtime: EngineRuntime) => new MssClient(runtime.mss.client),
    },
    {
      provide: AnnuaireSanteClient,
      inject: [ENGINE_RUNTIME],
      useFactory: (runtime: EngineRuntime) => new AnnuaireSanteClient(runtime.mss.directory),
    },
    MssClientCloser,
  ],
  exports: [MssClient, AnnuaireSanteClient],
})
export class MssModule {}
