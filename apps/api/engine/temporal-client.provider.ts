import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { connectionOptions, deadlineBoundRetry, encryptingDataConverter } from '@app/temporal';
import { ENGINE_RUNTIME, EngineRuntime } from '../../shared/engine-runtime';

export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

export const temporalProviders: Provider[] = [
  {
    provide: TEMPORAL_CONNECTION,
    inject: [ENGINE_RUNTIME],
    // Every call of the API has a deadline (it answers 503 past it); no retry outlives it.
    useFactory: async (runtime: EngineRuntime) =>
      Connection.connect({
        ...(await connectionOptions(runtime.temporal)),
        interceptors: [deadlineBoundRetry()],
      }),
  },
  {
    provide: Client,
    inject: [TEMPORAL_CONNECTION, ENGINE_RUNTIME],
    useFactory: (connection: Connection, runtime: EngineRuntime) =>
      new Client({
        connection,
        namespace: runtime.temporal.namespace,
        dataConverter: encryptingDataConverter(runtime.payloadKeys),
      }),
  },
];

@Injectable()
export class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
