import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '../shared/database.module';
import { DmpModule } from '../shared/dmp.module';
import { DocumentSubmissions } from '../shared/document-submissions';
import { MssModule } from '../shared/mss.module';
import { EngineRuntime } from '../shared/engine-runtime';
import { RuntimeModule } from '../shared/runtime.module';
import { DmpPartiesReader } from '../shared/dmp-parties';
import { DmpAlertsRound } from './dmp-alerts.activities';
import { DmpAlertsWorker } from './dmp-alerts.worker';
import { DmpFilingActivities } from './dmp-filing.activities';
import { MssMailboxService } from './mss-mailbox.service';
import { MssSendingActivities } from './mss-sending.activities';
import { PathwayRecordingActivities } from './pathway-recording.activities';
import { PatientMessageActivitiesProvider } from './patient-message.activities';
import { SituationRemindersService } from './situation-reminders.service';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerConnection } from './worker-connection';
import { MssMailboxWorker, SituationRemindersWorker } from './background-work.workers';
import { AuditAnchoringRound } from './audit-anchoring.activities';
import { AuditAnchoringWorker } from './audit-anchoring.worker';

/** The worker process: the Temporal worker and the activities it runs. */
@Module({})
export class WorkerModule {
  static forRoot(runtime: EngineRuntime): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        RuntimeModule.forRoot(runtime),
        DatabaseModule.forRoot('acces-direct-worker'),
        DmpModule,
        MssModule,
      ],
      providers: [
        DocumentSubmissions,
        DmpPartiesReader,
        DmpAlertsRound,
        DmpAlertsWorker,
        PathwayRecordingActivities,
        PatientMessageActivitiesProvider,
        DmpFilingActivities,
        MssSendingActivities,
        MssMailboxService,
        SituationRemindersService,
        WorkerConnection,
        AuditAnchoringRound,
        AuditAnchoringWorker,
        MssMailboxWorker,
        SituationRemindersWorker,
        TemporalWorkerService,
      ],
    };
  }
}
