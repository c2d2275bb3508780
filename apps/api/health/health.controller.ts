import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ENGINE_RUNTIME, EngineRuntime } from '../../shared/engine-runtime';
import { Public } from '../auth/public.decorator';
import { OUTAGE_RETRY_AFTER_SECONDS, outageOf } from '../common/outages';

interface Check {
  status: 'up' | 'down';
  latencyMs: number;
  /** Why it is down, in a word: the driver's own message may name hosts, users or databases. */
  problem?: 'timed_out' | 'unreachable' | 'failing';
}

const CHECK_DEADLINE_MS = 3_000;
const CHECK_TIMED_OUT = 'health check timed out';

/**
 * Liveness of what the API depends on: PostgreSQL and the Temporal namespace,
 * each with its status and, when down, why in a word.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly client: Client,
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
  ) {}

  @Get()
  @ApiOperation({ summary: 'PostgreSQL and Temporal status (503 when one is down)' })
  async health(@Res({ passthrough: true }) res: Response) {
    const [postgres, temporal] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(() =>
        // Settled before the check gives up on it: no call outlives the answer.
        this.client.withDeadline(Date.now() + CHECK_DEADLINE_MS - 500, () =>
          this.client.workflowService.describeNamespace({
            namespace: this.runtime.temporal.namespace,
          }),
        ),
      ),
    ]);
    const up = postgres.status === 'up' && temporal.status === 'up';
    res.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    if (!up) res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
    return {
      status: up ? 'up' : 'down',
      postgres,
      temporal: {
        ...temporal,
        namespace: this.runtime.temporal.namespace,
        taskQueue: this.runtime.temporal.taskQueue,
      },
    };
  }
}

async function check(probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(CHECK_TIMED_OUT)), CHECK_DEADLINE_MS).unref(),
      ),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      problem:
        (error as Error)?.message === CHECK_TIMED_OUT
          ? 'timed_out'
          : outageOf(error)
            ? 'unreachable'
            : 'failing',
    };
  }
}
