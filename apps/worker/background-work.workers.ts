import { Inject, Injectable } from '@nestjs/common';
import {
  MSS_MAILBOX_WORKFLOW,
  type MssMailboxActivities,
  SITUATION_REMINDERS_WORKFLOW,
  type SituationRemindersActivities,
  backgroundTaskQueue,
  mssMailboxWorkflowId,
  situationRemindersWorkflowId,
} from '../../workflows/background/definitions';
import { ENGINE_RUNTIME, EngineRuntime } from '../shared/engine-runtime';
import { DeploymentWorkflowHost, DeploymentWorkflowService } from './deployment-workflow-host';
import { MssMailboxService } from './mss-mailbox.service';
import { SituationRemindersService } from './situation-reminders.service';
import { WorkerConnection } from './worker-connection';

/**
 * The MSSanté mailbox as Temporal work: one workflow per deployment reads the
 * mailbox and delivers the notification outbox, so that with any number of
 * workers a reminder is mailed once (it was a timer in every worker).
 */
@Injectable()
export class MssMailboxWorker extends DeploymentWorkflowService {
  protected readonly host: DeploymentWorkflowHost;

  constructor(
    @Inject(ENGINE_RUNTIME) runtime: EngineRuntime,
    connection: WorkerConnection,
    mailbox: MssMailboxService,
  ) {
    super(connection);
    const queue = runtime.temporal.taskQueue;
    this.host = new DeploymentWorkflowHost(runtime, {
      name: 'MSSanté mailbox',
      workflowType: MSS_MAILBOX_WORKFLOW,
      taskQueue: `${backgroundTaskQueue(queue)}.mailbox`,
      workflowId: mssMailboxWorkflowId(queue),
      workflowsPath: require.resolve('../../workflows/background/mss-mailbox.workflow'),
      activities: {
        readMailbox: mailbox.readMailbox.bind(mailbox),
        deliverNotifications: mailbox.deliverNotifications.bind(mailbox),
      } satisfies MssMailboxActivities,
    });
  }
}

/** The situation-of-exercise reminders as Temporal work, once per deployment. */
@Injectable()
export class SituationRemindersWorker extends DeploymentWorkflowService {
  protected readonly host: DeploymentWorkflowHost;

  constructor(
    @Inject(ENGINE_RUNTIME) runtime: EngineRuntime,
    connection: WorkerConnection,
    reminders: SituationRemindersService,
  ) {
    super(connection);
    const queue = runtime.temporal.taskQueue;
    this.host = new DeploymentWorkflowHost(runtime, {
      name: 'situation reminders',
      workflowType: SITUATION_REMINDERS_WORKFLOW,
      taskQueue: `${backgroundTaskQueue(queue)}.situations`,
      workflowId: situationRemindersWorkflowId(queue),
      workflowsPath: require.resolve('../../workflows/background/situation-reminders.workflow'),
      activities: {
        remindSituations: reminders.remindSituations.bind(reminders),
      } satisfies SituationRemindersActivities,
    });
  }
}
