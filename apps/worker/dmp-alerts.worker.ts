import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import {
  DMP_ALERTS_WORKFLOW,
  type DmpAlertsActivities,
  dmpAlertsTaskQueue,
  dmpAlertsWorkflowId,
} from '../../workflows/dmp-alerts/definitions';
import { ENGINE_RUNTIME, EngineRuntime } from '../shared/engine-runtime';
import { DmpAlertsRound } from './dmp-alerts.activities';
import { DeploymentWorkflowHost } from './deployment-workflow-host';
import { WorkerConnection } from './worker-connection';

/**
 * Alerts on new DMP documents as Temporal work: the deployment's one alerts
 * workflow and its activities on a task queue of their own (see
 * DeploymentWorkflowHost). Off when the runtime does not ask for alerts.
 */
@Injectable()
export class DmpAlertsWorker
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly host?: DeploymentWorkflowHost;

  constructor(
    @Inject(ENGINE_RUNTIME) runtime: EngineRuntime,
    private readonly connection: WorkerConnection,
    round: DmpAlertsRound,
  ) {
    if (!runtime.dmpAlerts) return;
    const queue = runtime.temporal.taskQueue;
    this.host = new DeploymentWorkflowHost(runtime, {
      name: 'DMP alerts',
      workflowType: DMP_ALERTS_WORKFLOW,
      taskQueue: dmpAlertsTaskQueue(queue),
      workflowId: dmpAlertsWorkflowId(queue),
      workflowsPath: require.resolve('../../workflows/dmp-alerts/dmp-alerts.workflow'),
      activities: {
        lookForNewDmpDocuments: round.lookForNewDmpDocuments.bind(round),
        deliverDmpAlerts: round.deliverDmpAlerts.bind(round),
      } satisfies DmpAlertsActivities,
    });
  }

  async onModuleInit(): Promise<void> {
    if (this.host) await this.host.create(await this.connection.connection());
  }

  onApplicationBootstrap(): void {
    this.host?.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.host?.stop();
  }
}
