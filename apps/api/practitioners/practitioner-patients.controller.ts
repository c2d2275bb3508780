import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import type { DmpAlertSettingsView, PractitionerPatientsPage } from '../openapi/responses';
import { PageQuery } from '../pathways/pathway.dto';
import { DmpAlertSettingsDto } from './dmp-alert-settings.dto';
import { PractitionerPatientsService } from './practitioner-patients.service';

@ApiTags('practitioners')
@ApiForbiddenResponse({ description: 'a practitioner sees their own patients and settings only' })
@Controller('practitioners/:id')
export class PractitionerPatientsController {
  constructor(private readonly patients: PractitionerPatientsService) {}

  @Get('patients')
  @ApiOperation({
    summary: 'My patients, with their DMP status',
    description:
      'Each patient of your pathways: whether their DMP exists, your authorisation’s date and when to renew it (TD0.2), and whether the engine watches their DMP for new documents.',
  })
  list(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: PageQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PractitionerPatientsPage> {
    return this.patients.list(id, principal, query);
  }

  @Get('dmp-alerts')
  @ApiOperation({ summary: 'Whether you are alerted of new DMP documents, and at which address' })
  settings(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DmpAlertSettingsView> {
    return this.patients.settings(id, principal);
  }

  @Put('dmp-alerts')
  @ApiOperation({
    summary: 'Choose to be alerted of new DMP documents (by MSSanté), or not',
    description:
      'For every patient of an active pathway whose DMP authorisation is valid, the engine looks at the DMP at intervals and mails the type, date and author of each new document by another author — never its content. SMS alerts are not offered (no SMS gateway).',
  })
  save(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: DmpAlertSettingsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DmpAlertSettingsView> {
    return this.patients.saveSettings(id, dto, principal);
  }
}
