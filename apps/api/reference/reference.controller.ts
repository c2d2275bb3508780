import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, ValidateIf } from 'class-validator';
import { DomainError, cptsPolicyProblems } from '@app/domain';
import { MssError, parseMssAddress } from '@app/mss';
import { CoordinatorStore, CptsRow, CptsSettings, Directory } from '@app/persistence';
import { assertAdministersCpts, assertAdministrator, pathwayScope } from '../auth/access';
import { CurrentPrincipal, type Principal, actorOf } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { PageQuery } from '../pathways/pathway.dto';
import type { CptsPage, PractitionerPage } from '../openapi/responses';

class PractitionersQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  cptsId?: string;
}

class CptsSettingsDto {
  @ApiPropertyOptional({
    description:
      "the CPTS's projet de santé provides for accès direct (its adherents in a cabinet may practise it)",
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  projetDeSanteAccesDirect?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'coordination@cpts-trois-rivieres.mssante.fr',
    description: 'where escalations go by MSSanté; null: nowhere',
  })
  @ValidateIf((o: CptsSettingsDto) => o.coordinatorMssAddress !== null)
  @IsOptional()
  coordinatorMssAddress?: string | null;

  @ApiPropertyOptional({
    description:
      "the CPTS's coordinators may open the clinical documents of its pathways (otherwise they only follow them)",
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  coordinatorsReadDocuments?: boolean;

  @ApiPropertyOptional({
    example: 'P30D',
    description: 'ISO-8601: how long after opening the bilan initial is due (new pathways)',
  })
  @IsOptional()
  @IsString({ message: 'must be an ISO-8601 duration' })
  bilanInitialDueAfter?: string;

  @ApiPropertyOptional({
    example: 'P30D',
    description: 'ISO-8601: how long after the end of care the compte-rendu is due (new pathways)',
  })
  @IsOptional()
  @IsString({ message: 'must be an ISO-8601 duration' })
  compteRenduDueAfter?: string;

  @ApiPropertyOptional({ example: 'P7D', description: 'ISO-8601: time between two reminders' })
  @IsOptional()
  @IsString({ message: 'must be an ISO-8601 duration' })
  reminderEvery?: string;

  @ApiPropertyOptional({ example: 2, description: 'reminders before the coordinator is alerted' })
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  escalateAfterReminders?: number;
}

/** idNat_PS: "8" + RPPS, or another national id of a professional. */
function idNatPsParam(value: string): string {
  if (!/^[0-9A-Za-z]{1,20}$/.test(value)) {
    throw DomainError.invalid('idNatPs', 'must be a national id (idNat_PS, e.g. "8" + RPPS)');
  }
  return value;
}

/** The CPTS (and their coordinators), practitioners and patients a pathway can be opened with. */
@ApiTags('reference')
@Controller()
export class ReferenceController {
  constructor(
    private readonly directory: Directory,
    private readonly coordinatorStore: CoordinatorStore,
  ) {}

  @Get('cpts')
  @ApiOperation({ summary: 'CPTS and their accès-direct policy' })
  cpts(@Query() query: PageQuery): Promise<CptsPage> {
    return this.directory.listCpts(query);
  }

  @Patch('cpts/:id')
  @ApiOperation({
    summary:
      "Change a CPTS's policy delays and settings (projet de santé, coordinator's MSSanté address, coordinators' access to documents)",
    description:
      "Its coordinators' or an administrator's; in the CPTS's audit stream. New delays apply to pathways opened from then on. Only an administrator sets coordinatorsReadDocuments.",
  })
  @ApiForbiddenResponse({
    description:
      'you neither coordinate this CPTS nor administer the engine, or you are a coordinator setting coordinatorsReadDocuments',
  })
  async updateCpts(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CptsSettingsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CptsRow> {
    assertAdministersCpts(principal, id);
    if (dto.coordinatorsReadDocuments !== undefined && !principal.administrator) {
      // Coordinators would otherwise open health data to themselves.
      throw new DomainError(
        'forbidden',
        "only an administrator opens (or closes) a CPTS's clinical documents to its coordinators",
        [{ field: 'coordinatorsReadDocuments', problem: 'is set by an administrator only' }],
      );
    }
    const current = await this.cptsOf(id);
    const { coordinatorMssAddress, ...rest } = dto;
    const settings: Partial<CptsSettings> = Object.fromEntries(
      Object.entries(rest).filter(([, value]) => value !== undefined),
    );
    if (coordinatorMssAddress !== undefined) {
      settings.coordinatorMssAddress =
        coordinatorMssAddress === null ? null : mssAddress(coordinatorMssAddress);
    }
    // The policy as it will be, checked whole (pathways already open keep theirs).
    const problems = cptsPolicyProblems({ ...current, ...settings }, 'cpts').map((p) => ({
      field: p.field.replace(/^cpts\./, ''),
      problem: p.problem,
    }));
    if (problems.length > 0) throw DomainError.invalidFields(problems);
    const cpts = await this.directory.updateCpts(id, settings, actorOf(principal));
    if (!cpts) throw DomainError.notFound('CPTS', id);
    return cpts;
  }

  @Get('cpts/:id/coordinators')
  @ApiOperation({ summary: "A CPTS's coordinators (by idNat_PS)" })
  @ApiForbiddenResponse({
    description: 'you neither coordinate this CPTS nor administer the engine',
  })
  async coordinators(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    assertAdministersCpts(principal, id);
    return { items: await this.coordinatorStore.coordinatorsOf((await this.cptsOf(id)).id) };
  }

  @Put('cpts/:id/coordinators/:idNatPs')
  @ApiOperation({
    summary: 'Make a professional a coordinator of the CPTS (administrators)',
    description:
      'They follow every pathway of the CPTS and administer its settings. An administrator cannot name themselves: another administrator does it.',
  })
  @ApiForbiddenResponse({
    description: 'you do not administer the engine, or the idNat_PS is your own',
  })
  async grantCoordinator(
    @Param('id', uuidParam('id')) id: string,
    @Param('idNatPs') idNatPs: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    assertAdministrator(principal);
    const cpts = await this.cptsOf(id);
    const coordinator = idNatPsParam(idNatPs);
    if (coordinator === principal.idNatPs) {
      // Coordinators see the CPTS's patients; administrators do not: nobody grants that to themselves.
      throw new DomainError(
        'forbidden',
        'an administrator cannot name themselves coordinator: another administrator does it',
        [{ field: 'idNatPs', problem: 'is your own' }],
      );
    }
    return this.coordinatorStore.grant(cpts.id, coordinator, actorOf(principal));
  }

  @Delete('cpts/:id/coordinators/:idNatPs')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a coordinator of the CPTS (administrators); at once' })
  @ApiForbiddenResponse({ description: 'you do not administer the engine' })
  async revokeCoordinator(
    @Param('id', uuidParam('id')) id: string,
    @Param('idNatPs') idNatPs: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    assertAdministrator(principal);
    const cpts = await this.cptsOf(id);
    if (!(await this.coordinatorStore.revoke(cpts.id, idNatPsParam(idNatPs), actorOf(principal)))) {
      throw DomainError.notFound('coordinator', idNatPs);
    }
  }

  @Put('cpts/:id/members/:practitionerId')
  @ApiOperation({
    summary: 'Make a practitioner a member of the CPTS (its coordinators, administrators)',
    description:
      'A practitioner belongs to one CPTS at most. Coordinators add practitioners of no CPTS; moving one from another CPTS is an administrator’s act (in the streams of both CPTS).',
  })
  @ApiForbiddenResponse({
    description:
      'you neither coordinate this CPTS nor administer the engine, or (as a coordinator) the practitioner is a member of another CPTS',
  })
  async addMember(
    @Param('id', uuidParam('id')) id: string,
    @Param('practitionerId', uuidParam('practitionerId')) practitionerId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    assertAdministersCpts(principal, id);
    await this.cptsOf(id);
    const practitioner = await this.directory.setMembership(
      practitionerId,
      id,
      actorOf(principal),
      (before) => {
        if (before.cptsId !== null && before.cptsId !== id && !principal.administrator) {
          throw new DomainError(
            'forbidden',
            'this practitioner is a member of another CPTS: only an administrator moves them',
            [{ field: 'practitionerId', problem: 'is a member of another CPTS' }],
          );
        }
      },
    );
    if (!practitioner) throw DomainError.notFound('practitioner', practitionerId);
    return practitioner;
  }

  @Delete('cpts/:id/members/:practitionerId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a practitioner from the CPTS (its coordinators, administrators)',
  })
  @ApiForbiddenResponse({
    description: 'you neither coordinate this CPTS nor administer the engine',
  })
  async removeMember(
    @Param('id', uuidParam('id')) id: string,
    @Param('practitionerId', uuidParam('practitionerId')) practitionerId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    assertAdministersCpts(principal, id);
    const practitioner = await this.directory.practitioner(practitionerId);
    if (!practitioner || practitioner.cptsId !== id) {
      throw DomainError.notFound('member', practitionerId);
    }
    await this.directory.setMembership(practitionerId, null, actorOf(principal));
  }

  @Get('practitioners')
  @ApiOperation({ summary: 'Practitioners, optionally of one CPTS' })
  practitioners(@Query() query: PractitionersQuery): Promise<PractitionerPage> {
    const { cptsId, ...page } = query;
    return this.directory.listPractitioners(page, cptsId);
  }

  @Get('patients')
  @ApiOperation({
    summary:
      'Patients of your pathways (and of your CPTS, for a coordinator), and those you identified',
  })
  patients(@Query() query: PageQuery, @CurrentPrincipal() principal: Principal) {
    return this.directory.listPatients(query, pathwayScope(principal), principal.idNatPs);
  }

  private async cptsOf(id: string): Promise<CptsRow> {
    const cpts = await this.directory.cpts(id);
    if (!cpts) throw DomainError.notFound('CPTS', id);
    return cpts;
  }
}

/** A professional MSSanté address, or a 400 naming the field. */
function mssAddress(value: unknown): string {
  if (typeof value !== 'string') {
    throw DomainError.invalid('coordinatorMssAddress', 'must be an MSSanté address or null');
  }
  try {
    const address = parseMssAddress(value);
    if (address.kind === 'patient') {
      throw DomainError.invalid('coordinatorMssAddress', 'must be a professional address');
    }
    return address.address;
  } catch (error) {
    if (error instanceof MssError)
      throw DomainError.invalid('coordinatorMssAddress', error.message);
    throw error;
  }
}
