import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AuditLog,
  CoordinatorStore,
  Directory,
  DmpAlertStore,
  DocumentStore,
  IndicatorsStore,
  MssStore,
  NotificationStore,
  PathwayReadModel,
  PatientMessageStore,
  PractitionerPatientsStore,
  SessionStore,
  SituationStore,
  TextSealer,
  WorklistStore,
  createDataSource,
} from '@app/persistence';
import { ENGINE_RUNTIME, EngineRuntime } from './engine-runtime';

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

const STORES = [
  AuditLog,
  CoordinatorStore,
  Directory,
  DmpAlertStore,
  DocumentStore,
  MssStore,
  NotificationStore,
  PathwayReadModel,
  PatientMessageStore,
  PractitionerPatientsStore,
  SituationStore,
  IndicatorsStore,
  WorklistStore,
];

/** PostgreSQL for a Nest application: the DataSource and the stores built on it. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [ENGINE_RUNTIME],
          useFactory: async (runtime: EngineRuntime) =>
            createDataSource({
              url: runtime.databaseUrl,
              applicationName,
              ...runtime.databaseTimeouts,
            }).initialize(),
        },
        ...STORES.map((Store) => ({
          provide: Store,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new Store(ds),
        })),
        {
          provide: SessionStore,
          inject: [DataSource, ENGINE_RUNTIME],
          useFactory: (ds: DataSource, runtime: EngineRuntime) =>
            new SessionStore(ds, {
              sealer: new TextSealer(runtime.payloadKeys),
              idleMinutes: runtime.api.sessionIdleMinutes,
            }),
        },
        DataSourceCloser,
      ],
      exports: [DataSource, ...STORES, SessionStore],
    };
  }
}
