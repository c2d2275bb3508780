import { INestApplicationContext, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EngineRuntime } from '../shared/engine-runtime';
import { WorkerModule } from './worker.module';

/** Starts the worker as a Nest application context (no HTTP server). */
export async function startWorker(
  runtime: EngineRuntime,
  logger?: NestApplicationOptions['logger'],
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(runtime), {
    logger: logger ?? undefined,
  });
  await app.init();
  return app;
}
