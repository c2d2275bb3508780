import { Inject, Injectable } from '@nestjs/common';
import {
  DMP_ALERTS_WORKFLOW,
  type DmpAlertsActivities,
  dmpAlertsTaskQueue,
  dmpAlertsWorkflowId,
} from '../../workflows/dmp-alerts/definitions';
import { ENGINE_RUNTIME, EngineRuntime } from '../shared/engine-runtime';
import { DmpAlertsRound } from './dmp-alerts.activities';
import { DeploymentWorkflowHost, DeploymentWorkflowService } from './deployment-workflow-host';
import { WorkerConnection } from './worker-connection';

/**
 * Alerts on new DMP documents as Temporal work: the deployment's one alerts
 * workflow and its activities on a task queue of their own (see
 * DeploymentWorkflowHost). Off when the runtime does not ask for alerts.
 */
@Injectable()
export class DmpAlertsWorker extends DeploymentWorkflowService {
  protected readonly host: DeploymentWorkflowHost | undefined;

  constructor(
    @Inject(ENGINE_RUNTIME) runtime: EngineRuntime,
    connection: WorkerConnection,
    round: DmpAlertsRound,
  ) {
    super(connection);
    const queue = runtime.temporal.taskQueue;
    this.host = runtime.dmpAlerts
      ? new DeploymentWorkflowHost(runtime, {
          name: 'DMP alerts',
          workflowType: DMP_ALERTS_WORKFLOW,
          taskQueue: dmpAlertsTaskQueue(queue),
          workflowId: dmpAlertsWorkflowId(queue),
          workflowsPath: require.resolve('../../workflows/dmp-alerts/dmp-alerts.workflow'),
          activities: {
            lookForNewDmpDocuments: round.lookForNewDmpDocuments.bind(round),
            deliverDmpAlerts: round.deliverDmpAlerts.bind(round),
          } satisfies DmpAlertsActivities,
        })
      : undefined;
  }
}
