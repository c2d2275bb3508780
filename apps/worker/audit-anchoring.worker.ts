import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { Client, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { connectionOptions, encryptingDataConverter } from '@app/temporal';
import type { auditAnchoringWorkflow } from '../../workflows/audit/audit-anchoring.workflow';
import {
  AUDIT_ANCHORING_WORKFLOW,
  AuditAnchoringActivities,
  auditAnchoringTaskQueue,
  auditAnchoringWorkflowId,
} from '../../workflows/audit/definitions';
import { ENGINE_RUNTIME, EngineRuntime } from '../shared/engine-runtime';
import { AuditAnchoringRound } from './audit-anchoring.activities';

/** Waits between two attempts to start the workflow while Temporal refuses. */
const START_RETRY_MS = [1_000, 5_000, 30_000, 60_000];

/**
 * Anchoring of the audit log as Temporal work: a worker of its own on the
 * audit-anchoring task queue (the workflow and its one activity), and, once
 * polling, the start of the one anchoring workflow of the deployment (fixed
 * id; a running one is kept, a closed one replaced), so that however many
 * workers run, each round happens once. Off when the runtime has no anchor
 * key (the benchmark, tests that are not about it).
 */
@Injectable()
export class AuditAnchoringWorker
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(AuditAnchoringWorker.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;
  private starting?: Promise<void>;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private wakeUp?: () => void;

  constructor(
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
    private readonly round: AuditAnchoringRound,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.runtime.audit) return;
    const { temporal, payloadKeys, workflowBundlePath } = this.runtime;
    this.connection = await NativeConnection.connect(await connectionOptions(temporal));
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: temporal.namespace,
      taskQueue: auditAnchoringTaskQueue(temporal.taskQueue),
      // The build's bundle holds every workflow; without it, only this one is bundled.
      ...(workflowBundlePath
        ? { workflowBundle: { codePath: workflowBundlePath } }
        : { workflowsPath: require.resolve('../../workflows/audit/audit-anchoring.workflow') }),
      activities: {
        anchorAuditChains: this.round.anchorAuditChains.bind(this.round),
      } satisfies AuditAnchoringActivities,
      dataConverter: encryptingDataConverter(payloadKeys),
      maxConcurrentActivityTaskExecutions: 1,
      shutdownGraceTime: '10 seconds',
    });
  }

  onApplicationBootstrap(): void {
    const worker = this.worker;
    if (!worker) return;
    // Like the pathway worker: one that stops on its own takes the process down, to be restarted.
    this.running = worker.run().catch((error: unknown) => {
      this.logger.error(`audit anchoring worker stopped: ${(error as Error).message}`);
      throw error;
    });
    this.starting = this.startWorkflow();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.wakeUp?.();
    await this.starting;
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }

  /** Starts the deployment's anchoring workflow unless it runs; tried again while Temporal refuses. */
  private async startWorkflow(): Promise<void> {
    const { temporal, payloadKeys } = this.runtime;
    const client = new Client({
      connection: this.connection as NativeConnection,
      namespace: temporal.namespace,
      dataConverter: encryptingDataConverter(payloadKeys),
    });
    for (let attempt = 0; !this.stopped; attempt += 1) {
      try {
        await client.workflow.start<typeof auditAnchoringWorkflow>(AUDIT_ANCHORING_WORKFLOW, {
          workflowId: auditAnchoringWorkflowId(temporal.taskQueue),
          taskQueue: auditAnchoringTaskQueue(temporal.taskQueue),
          args: [],
          // Running already (another worker started it): keep it. Closed (terminated by hand): start anew.
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        });
        return;
      } catch (error) {
        const wait = START_RETRY_MS[Math.min(attempt, START_RETRY_MS.length - 1)];
        this.logger.warn(
          `could not start the audit anchoring workflow (${(error as Error).message}); trying again in ${wait / 1000} s`,
        );
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          this.retryTimer = setTimeout(resolve, wait);
        });
      }
    }
  }
}
