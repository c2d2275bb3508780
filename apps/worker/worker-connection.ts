import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection } from '@temporalio/worker';
import { connectionOptions } from '@app/temporal';
import { ENGINE_RUNTIME, EngineRuntime } from '../shared/engine-runtime';

/**
 * The worker process's one connection to Temporal, shared by its Temporal
 * workers (pathways, audit anchoring, DMP alerts). It is closed once, after
 * every worker has drained (Nest calls onApplicationShutdown after all the
 * beforeApplicationShutdown hooks): closed by each worker on its own, one
 * could go while another still polls, and the SDK's runtime closes its last
 * native clients by itself once its workers are gone.
 */
@Injectable()
export class WorkerConnection implements OnApplicationShutdown {
  private connecting?: Promise<NativeConnection>;

  constructor(@Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime) {}

  connection(): Promise<NativeConnection> {
    this.connecting ??= connectionOptions(this.runtime.temporal).then((options) =>
      NativeConnection.connect(options),
    );
    return this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.connecting) return;
    const connection = await this.connecting.catch(() => undefined);
    await connection?.close();
  }
}
