import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { Worker } from '@temporalio/worker';
import { encryptingDataConverter, workflowSourceOptions } from '@app/temporal';
import { ENGINE_RUNTIME, EngineRuntime } from '../shared/engine-runtime';
import type { PathwayActivities, PatientMessageActivities } from '@app/workflows';
import { DmpFilingActivities } from './dmp-filing.activities';
import { MssSendingActivities } from './mss-sending.activities';
import { PathwayRecordingActivities } from './pathway-recording.activities';
import { PatientMessageActivitiesProvider } from './patient-message.activities';
import { WorkerConnection } from './worker-connection';

/**
 * Hosts the Temporal worker: created when the module starts, polling once the
 * application is up, drained on shutdown so that running activities finish
 * (within the grace time) before the process exits.
 */
@Injectable()
export class TemporalWorkerService
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(TemporalWorkerService.name);
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
    private readonly temporalConnection: WorkerConnection,
    private readonly recording: PathwayRecordingActivities,
    private readonly dmpFiling: DmpFilingActivities,
    private readonly mssSending: MssSendingActivities,
    private readonly patientMessages: PatientMessageActivitiesProvider,
  ) {}

  async onModuleInit(): Promise<void> {
    const { temporal, payloadKeys, workflowBundlePath } = this.runtime;
    this.worker = await Worker.create({
      connection: await this.temporalConnection.connection(),
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      ...(workflowBundlePath
        ? { workflowBundle: { codePath: workflowBundlePath } }
        : workflowSourceOptions()),
      activities: {
        recordPathwayTransitions: this.recording.recordPathwayTransitions.bind(this.recording),
        fileInDmp: this.dmpFiling.fileInDmp.bind(this.dmpFiling),
        sendToMedecinTraitant: this.mssSending.sendToMedecinTraitant.bind(this.mssSending),
        sendToPatient: this.patientMessages.sendToPatient.bind(this.patientMessages),
      } satisfies PathwayActivities & PatientMessageActivities,
      dataConverter: encryptingDataConverter(payloadKeys),
      shutdownGraceTime: '10 seconds',
    });
  }

  onApplicationBootstrap(): void {
    const worker = this.worker as Worker;
    // A worker that stops on its own (server gone for good, fatal error) takes the process down
    // with it, so that its supervisor restarts it rather than leaving an API without a worker.
    this.running = worker.run().catch((error: unknown) => {
      this.logger.error(`Temporal worker stopped: ${(error as Error).message}`);
      throw error;
    });
    this.logger.log(`Worker polling task queue "${this.runtime.temporal.taskQueue}"`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
  }
}
