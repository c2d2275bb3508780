import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OnboardingStore } from '@app/persistence';
import { AnnuaireLookup, annuaireClientProvider } from './annuaire-lookup';
import { CptsOnboardingController } from './cpts-onboarding.controller';
import { DirectoryController } from '../directory/directory.controller';
import { DirectorySync } from './directory-sync.service';
import { PractitionerDirectoryController } from './practitioner-directory.controller';
import { PractitionerRegistration } from './practitioner-registration.service';

/**
 * Onboarding a CPTS through the API: creating it, registering its
 * practitioners by RPPS from the Annuaire Santé, keeping them in step with
 * it, and their billing numbers; and the Annuaire searched for médecins
 * traitants (GET /directory/physicians), through the same client. The database and the runtime come from the
 * API's global modules.
 */
@Module({
  controllers: [CptsOnboardingController, PractitionerDirectoryController, DirectoryController],
  providers: [
    annuaireClientProvider,
    AnnuaireLookup,
    {
      provide: OnboardingStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new OnboardingStore(dataSource),
    },
    PractitionerRegistration,
    DirectorySync,
  ],
})
export class OnboardingModule {}
