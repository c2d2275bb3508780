import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError } from '@app/domain';
import { Directory, OnboardingStore, type PractitionerRow } from '@app/persistence';
import { CurrentPrincipal, type Principal, actorOf } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { DirectorySync } from './directory-sync.service';
import { BillingNumberDto, DirectorySyncDto } from './onboarding.dto';

/** A practitioner's record as the Annuaire Santé and the Assurance Maladie know them. */
@ApiTags('practitioners')
@Controller('practitioners/:id')
export class PractitionerDirectoryController {
  constructor(
    private readonly directory: Directory,
    private readonly store: OnboardingStore,
    private readonly directorySync: DirectorySync,
  ) {}

  @Post('directory-sync')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Re-read the practitioner's name, profession and MSSanté mailboxes from the Annuaire Santé (their CPTS's coordinators, administrators)",
    description:
      "The MSSanté address is kept while the directory still lists it; otherwise the one named in mssAddress, or the only one listed. In the practitioner's audit stream (directory_synced) with what changed.",
  })
  @ApiConflictResponse({
    description:
      'the directory no longer knows them or lists their exercise as closed, or their address is gone and several are listed (the choices are in the message)',
  })
  @ApiForbiddenResponse({
    description: "you neither coordinate the practitioner's CPTS nor administer the engine",
  })
  @ApiServiceUnavailableResponse({ description: 'the Annuaire Santé cannot be reached' })
  async sync(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: DirectorySyncDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const practitioner = await this.practitioner(id);
    if (!followsPractitioner(principal, practitioner)) {
      throw new DomainError(
        'forbidden',
        "a practitioner is re-read from the directory by their CPTS's coordinators or an administrator",
        [{ field: 'id', problem: "you do not coordinate this practitioner's CPTS" }],
      );
    }
    return this.directorySync.sync(practitioner, dto.mssAddress, actorOf(principal));
  }

  @Put('billing-number')
  @ApiOperation({
    summary:
      'Set the numéro AM (or ADELI) the practitioner bills under (themselves, their CPTS’s coordinators, administrators)',
    description:
      "The acts of accès direct are billed under the orthophoniste's own number, as prescripteur. In the practitioner's audit stream (billing_number_set).",
  })
  @ApiForbiddenResponse({
    description:
      'you are not this practitioner, do not coordinate their CPTS and do not administer the engine',
  })
  async setBillingNumber(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: BillingNumberDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PractitionerRow> {
    const practitioner = await this.practitioner(id);
    if (principal.practitionerId !== id && !followsPractitioner(principal, practitioner)) {
      throw new DomainError(
        'forbidden',
        "a billing number is set by the practitioner, their CPTS's coordinators or an administrator",
        [{ field: 'id', problem: 'is not you, nor a practitioner of a CPTS you coordinate' }],
      );
    }
    const updated = await this.store.setBillingNumber(id, dto.billingNumber, actorOf(principal));
    if (!updated) throw DomainError.notFound('practitioner', id);
    return updated;
  }

  private async practitioner(id: string): Promise<PractitionerRow> {
    const practitioner = await this.directory.practitioner(id);
    if (!practitioner) throw DomainError.notFound('practitioner', id);
    return practitioner;
  }
}

/** An administrator, or a coordinator of the practitioner's CPTS. */
function followsPractitioner(principal: Principal, practitioner: PractitionerRow): boolean {
  return (
    principal.administrator ||
    (practitioner.cptsId !== null && principal.coordinatorOf.includes(practitioner.cptsId))
  );
}
