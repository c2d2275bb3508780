import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '../shared/database.module';
import { EngineRuntime } from '../shared/engine-runtime';
import { RuntimeModule } from '../shared/runtime.module';
import { PathwayRecordingActivities } from './pathway-recording.activities';
import { TemporalWorkerService } from './temporal-worker.service';

/** The worker process: the Temporal worker and the activities it runs. */
@Module({})
export class WorkerModule {
  static forRoot(runtime: EngineRuntime): DynamicModule {
    return {
      module: WorkerModule,
      imports: [RuntimeModule.forRoot(runtime), DatabaseModule.forRoot('acces-direct-worker')],
      providers: [PathwayRecordingActivities, TemporalWorkerService],
    };
  }
}
