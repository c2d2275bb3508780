import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import {
  ApplicationFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { DomainError } from '@app/domain';
import {
  CptsIdKey,
  PATHWAY_TRANSITION_REJECTED,
  PATHWAY_WORKFLOW_TYPE,
  PathwayOpening,
  PathwaySnapshot,
  PathwayState,
  PathwayWorkflow,
  PractitionerIdKey,
  pathwayStateQuery,
} from '@app/workflows';
import { ENGINE_RUNTIME, EngineRuntime } from '../../shared/engine-runtime';
import { isTemporalOutage } from '../common/outages';
import { pathwayStartOptions } from '../../shared/pathway-start';

/** gRPC status codes Temporal answers with (grpc/status.proto). */
const GRPC_NOT_FOUND = 5;
const GRPC_FAILED_PRECONDITION = 9;
const GRPC_CANCELLED = 1;

/** A worker long-polls about every minute: silent longer than this, it is gone. */
const WORKER_SILENCE_MS = 90_000;
const WORKER_CHECK_CACHE_MS = 5_000;

/** How long a request waits for the engine before answering 503 (every call has a deadline). */
const UPDATE_DEADLINE_MS = 10_000;
const QUERY_DEADLINE_MS = 5_000;

/**
 * An update sent but not confirmed in time. The server keeps an update it has admitted, so a
 * worker coming back may still apply it: whatever the update refers to must be kept.
 */
export class UpdateUnconfirmedError extends DomainError {
  constructor() {
    super(
      'unavailable',
      'the pathway engine did not confirm the change in time; it may still be applied: ' +
        'look at the pathway before trying again',
    );
  }
}

/**
 * The API's only way to act on pathways: start a workflow, send it an update,
 * read it by query. Temporal's errors become domain errors here, once.
 */
@Injectable()
export class PathwayEngine {
  private workersSeenUntil = 0;

  constructor(
    private readonly client: Client,
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
  ) {}

  async open(opening: PathwayOpening): Promise<void> {
    try {
      await this.client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
        this.client.workflow.start<PathwayWorkflow>(
          PATHWAY_WORKFLOW_TYPE,
          pathwayStartOptions(opening, this.runtime.temporal.taskQueue),
        ),
      );
    } catch (error) {
      throw engineError(error, opening.pathwayId);
    }
  }

  /**
   * Whose the pathway is, from the search attributes it was started with:
   * Temporal answers it without a worker. Undefined when there is no such pathway.
   */
  async owner(pathwayId: string): Promise<{ practitionerId: string; cptsId: string } | undefined> {
    try {
      const { typedSearchAttributes } = await this.client.withDeadline(
        Date.now() + QUERY_DEADLINE_MS,
        () => this.client.workflow.getHandle(pathwayId).describe(),
      );
      const practitionerId = typedSearchAttributes.get(PractitionerIdKey);
      const cptsId = typedSearchAttributes.get(CptsIdKey);
      return practitionerId && cptsId ? { practitionerId, cptsId } : undefined;
    } catch (error) {
      const mapped = engineError(error, pathwayId);
      if (mapped instanceof DomainError && mapped.code === 'not_found') return undefined;
      throw mapped;
    }
  }

  async update<Arg>(
    pathwayId: string,
    definition: UpdateDefinition<PathwaySnapshot, [Arg]>,
    args: [Arg],
    updateId?: string,
  ): Promise<PathwaySnapshot> {
    await this.checkWorkersPoll();
    const handle = this.client.workflow.getHandle(pathwayId);
    try {
      return await this.client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
        handle.executeUpdate(definition, { args, updateId }),
      );
    } catch (error) {
      const mapped = engineError(error, pathwayId);
      if (mapped instanceof DomainError && mapped.code === 'unavailable') {
        throw new UpdateUnconfirmedError();
      }
      // Temporal answers "not found" for an update to a workflow that has ended: say which it is.
      if (mapped instanceof DomainError && mapped.code === 'not_found') {
        const closed = await this.client
          .withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.describe())
          .then(
            (description) => description.status.name !== 'RUNNING',
            () => false,
          );
        if (closed) throw new DomainError('conflict', 'the pathway is closed');
      }
      throw mapped;
    }
  }

  /**
   * An update sent while no worker runs waits on the server and may be applied much later,
   * long after the caller was told it failed. When no worker has polled the task queue
   * recently, nothing is sent and the caller hears so at once.
   */
  private async checkWorkersPoll(): Promise<void> {
    if (Date.now() < this.workersSeenUntil) return;
    const { pollers } = await this.client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
      this.client.workflowService.describeTaskQueue({
        namespace: this.runtime.temporal.namespace,
        taskQueue: { name: this.runtime.temporal.taskQueue },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      }),
    );
    const recent = Date.now() - WORKER_SILENCE_MS;
    const alive = (pollers ?? []).some((poller) => timestampMs(poller.lastAccessTime) > recent);
    if (!alive) {
      throw new DomainError(
        'unavailable',
        'no worker is running pathways right now; nothing was sent',
      );
    }
    this.workersSeenUntil = Date.now() + WORKER_CHECK_CACHE_MS;
  }

  async state(pathwayId: string): Promise<PathwayState> {
    try {
      return await this.client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
        this.client.workflow.getHandle(pathwayId).query(pathwayStateQuery),
      );
    } catch (error) {
      // With no worker, a query comes back in one of three ways depending on when the worker
      // went away: a deadline, FAILED_PRECONDITION "no poller seen for task queue recently",
      // or the stream cancelled. All three mean the same: no worker answers right now.
      const grpcError = isGrpcServiceError(error) ? error : (error as Error)?.cause;
      const code = isGrpcServiceError(grpcError) ? Number(grpcError.code) : undefined;
      if (code === GRPC_FAILED_PRECONDITION || code === GRPC_CANCELLED) throw unavailable();
      throw engineError(error, pathwayId);
    }
  }
}

/** Temporal's answer, in the API's vocabulary. */
export function engineError(error: unknown, pathwayId: string): Error {
  if (error instanceof DomainError) return error;
  if (error instanceof WorkflowNotFoundError) return DomainError.notFound('pathway', pathwayId);
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return new DomainError('conflict', `a pathway with id ${pathwayId} already exists`, [
      { field: 'id', problem: 'already used by another pathway' },
    ]);
  }
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && cause.type === PATHWAY_TRANSITION_REJECTED) {
      return new DomainError('conflict', cause.message);
    }
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isTemporalOutage(error)) {
    return unavailable();
  }
  const grpcError = isGrpcServiceError(error) ? error : (error as Error)?.cause;
  if (isGrpcServiceError(grpcError) && Number(grpcError.code) === GRPC_NOT_FOUND) {
    return DomainError.notFound('pathway', pathwayId);
  }
  return error as Error;
}

function timestampMs(
  timestamp: { seconds?: unknown; nanos?: number | null } | null | undefined,
): number {
  if (!timestamp) return 0;
  return Number(timestamp.seconds ?? 0) * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6);
}

function unavailable(): DomainError {
  return new DomainError(
    'unavailable',
    'the pathway engine did not answer in time; try again in a moment',
  );
}
