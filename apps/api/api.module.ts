import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '../shared/database.module';
import { DmpModule } from '../shared/dmp.module';
import { EngineRuntime } from '../shared/engine-runtime';
import { RuntimeModule } from '../shared/runtime.module';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { BearerTokens } from './auth/bearer-tokens';
import { CpsLogin } from './auth/cps-login';
import { UserAuditTrail } from './auth/user-audit-trail';
import { RolesOf } from './auth/roles-of';
import { pscClientProvider } from './auth/psc-client.provider';
import { DocumentsService } from './documents/documents.service';
import { EXPORT_CONTROLLERS, EXPORT_PROVIDERS } from './exports/exports.registration';
import { PathwayEngine } from './engine/pathway-engine';
import { TemporalConnectionCloser, temporalProviders } from './engine/temporal-client.provider';
import { HealthController } from './health/health.controller';
import { IndicatorsController } from './indicators/indicators.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { PathwaysController } from './pathways/pathways.controller';
import { PathwaysService } from './pathways/pathways.service';
import { PatientIdentification } from './patients/patient-identification.service';
import { PatientsController } from './patients/patients.controller';
import { SituationExerciceController } from './practitioners/situation-exercice.controller';
import { ReferenceController } from './reference/reference.controller';
import { rateLimitsModule } from './security/rate-limits';
import { OnboardingModule } from './onboarding/onboarding.module';
import { AuditController } from './audit/audit.controller';
import { DmpPartiesReader } from '../shared/dmp-parties';
import { PatientDmpController } from './patient-dmp/patient-dmp.controller';
import { PatientMessagesController } from './patient-messages/patient-messages.controller';
import { PatientMessagesService } from './patient-messages/patient-messages.service';
import { PractitionerPatientsController } from './practitioners/practitioner-patients.controller';
import { PractitionerPatientsService } from './practitioners/practitioner-patients.service';
import { PatientDmpService } from './patient-dmp/patient-dmp.service';

@Module({})
export class ApiModule {
  static forRoot(runtime: EngineRuntime): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        RuntimeModule.forRoot(runtime),
        DatabaseModule.forRoot('acces-direct-api'),
        DmpModule,
        rateLimitsModule(runtime.api.rateLimits),
        OnboardingModule,
      ],
      controllers: [
        AuthController,
        AuditController,
        PathwaysController,
        PatientDmpController,
        PatientMessagesController,
        PractitionerPatientsController,
        ReferenceController,
        SituationExerciceController,
        PatientsController,
        NotificationsController,
        HealthController,
        IndicatorsController,
        ...EXPORT_CONTROLLERS,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        RolesOf,
        BearerTokens,
        CpsLogin,
        UserAuditTrail,
        DmpPartiesReader,
        PatientDmpService,
        PatientMessagesService,
        PractitionerPatientsService,
        pscClientProvider,
        ...temporalProviders,
        TemporalConnectionCloser,
        PathwayEngine,
        PathwaysService,
        DocumentsService,
        PatientIdentification,
        ...EXPORT_PROVIDERS,
      ],
    };
  }
}
