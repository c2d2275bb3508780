import {
  BeforeApplicationShutdown,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { Client, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { encryptingDataConverter } from '@app/temporal';
import type { EngineRuntime } from '../shared/engine-runtime';
import type { WorkerConnection } from './worker-connection';

/** Waits between two attempts to start the workflow while Temporal refuses. */
const START_RETRY_MS = [1_000, 5_000, 30_000, 60_000];

/** One workflow that runs once per deployment, on a task queue of its own. */
export interface DeploymentWorkflow {
  /** For log lines: "audit anchoring", "DMP alerts". */
  name: string;
  workflowType: string;
  taskQueue: string;
  workflowId: string;
  /** The module of the workflow function, bundled when the runtime has no prebuilt bundle. */
  workflowsPath: string;
  activities: Record<string, (...args: never[]) => Promise<unknown>>;
  maxConcurrentActivityTaskExecutions?: number;
}

/**
 * Background work of the deployment as Temporal work: a worker of its own on
 * the workflow's task queue, and, once polling, the start of its one workflow
 * (fixed id; a running one is kept, a closed one replaced), so that however
 * many worker processes run, the work happens once. Used by the Nest
 * services that own each such workflow (audit anchoring, DMP alerts).
 */
export class DeploymentWorkflowHost {
  private readonly logger: Logger;
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;
  private starting?: Promise<void>;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private wakeUp?: () => void;

  constructor(
    private readonly runtime: EngineRuntime,
    private readonly workflow: DeploymentWorkflow,
  ) {
    this.logger = new Logger(`DeploymentWorkflow(${workflow.name})`);
  }

  /** On the worker process's connection (WorkerConnection), which outlives this worker. */
  async create(connection: NativeConnection): Promise<void> {
    const { temporal, payloadKeys, workflowBundlePath } = this.runtime;
    this.connection = connection;
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: temporal.namespace,
      taskQueue: this.workflow.taskQueue,
      // The build's bundle holds every workflow; without it, only this one is bundled.
      ...(workflowBundlePath
        ? { workflowBundle: { codePath: workflowBundlePath } }
        : { workflowsPath: this.workflow.workflowsPath }),
      activities: this.workflow.activities,
      dataConverter: encryptingDataConverter(payloadKeys),
      maxConcurrentActivityTaskExecutions: this.workflow.maxConcurrentActivityTaskExecutions ?? 1,
      shutdownGraceTime: '10 seconds',
    });
  }

  run(): void {
    const worker = this.worker;
    if (!worker) return;
    // Like the pathway worker: one that stops on its own takes the process down, to be restarted.
    this.running = worker.run().catch((error: unknown) => {
      this.logger.error(`worker stopped: ${(error as Error).message}`);
      throw error;
    });
    this.starting = this.startWorkflow();
  }

  /** A client on the worker's connection (signals to the workflow); undefined before create(). */
  client(): Client | undefined {
    if (!this.connection) return undefined;
    return new Client({
      connection: this.connection,
      namespace: this.runtime.temporal.namespace,
      dataConverter: encryptingDataConverter(this.runtime.payloadKeys),
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.wakeUp?.();
    await this.starting;
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
  }

  /** Starts the deployment's workflow unless it runs; tried again while Temporal refuses. */
  private async startWorkflow(): Promise<void> {
    const client = this.client() as Client;
    const { workflowType, workflowId, taskQueue } = this.workflow;
    for (let attempt = 0; !this.stopped; attempt += 1) {
      try {
        await client.workflow.start(workflowType, {
          workflowId,
          taskQueue,
          args: [],
          // Running already (another worker started it): keep it. Closed (terminated by hand): start anew.
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        });
        return;
      } catch (error) {
        const wait = START_RETRY_MS[Math.min(attempt, START_RETRY_MS.length - 1)];
        this.logger.warn(
          `could not start the ${this.workflow.name} workflow (${(error as Error).message}); trying again in ${wait / 1000} s`,
        );
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          this.retryTimer = setTimeout(resolve, wait);
        });
      }
    }
  }
}

/**
 * The Nest side of a deployment workflow: its worker created with the module
 * (on the process's connection), polling once the application is up, drained
 * on shutdown. A subclass says which workflow, or none (`host` unset) when the
 * runtime does not ask for it.
 */
export abstract class DeploymentWorkflowService
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  protected abstract readonly host: DeploymentWorkflowHost | undefined;

  constructor(private readonly connection: WorkerConnection) {}

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
