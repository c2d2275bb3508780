import { Inject, Injectable } from '@nestjs/common';
import {
  AUDIT_ANCHORING_WORKFLOW,
  AuditAnchoringActivities,
  auditAnchoringTaskQueue,
  auditAnchoringWorkflowId,
} from '../../workflows/audit/definitions';
import { ENGINE_RUNTIME, EngineRuntime } from '../shared/engine-runtime';
import { AuditAnchoringRound } from './audit-anchoring.activities';
import { DeploymentWorkflowHost, DeploymentWorkflowService } from './deployment-workflow-host';
import { WorkerConnection } from './worker-connection';

/**
 * Anchoring of the audit log as Temporal work: the one anchoring workflow of
 * the deployment and its activity, on a task queue of their own (see
 * DeploymentWorkflowHost), so that however many workers run, each round
 * happens once. Off when the runtime has no anchor key (the benchmark, tests
 * that are not about it).
 */
@Injectable()
export class AuditAnchoringWorker extends DeploymentWorkflowService {
  protected readonly host: DeploymentWorkflowHost | undefined;

  constructor(
    @Inject(ENGINE_RUNTIME) runtime: EngineRuntime,
    connection: WorkerConnection,
    round: AuditAnchoringRound,
  ) {
    super(connection);
    const queue = runtime.temporal.taskQueue;
    this.host = runtime.audit
      ? new DeploymentWorkflowHost(runtime, {
          name: 'audit anchoring',
          workflowType: AUDIT_ANCHORING_WORKFLOW,
          taskQueue: auditAnchoringTaskQueue(queue),
          workflowId: auditAnchoringWorkflowId(queue),
          workflowsPath: require.resolve('../../workflows/audit/audit-anchoring.workflow'),
          activities: {
            anchorAuditChains: round.anchorAuditChains.bind(round),
          } satisfies AuditAnchoringActivities,
        })
      : undefined;
  }
}
