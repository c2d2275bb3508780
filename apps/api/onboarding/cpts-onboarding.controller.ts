import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type CptsPolicy, DomainError, cptsPolicyProblems } from '@app/domain';
import { type CptsRow, Directory, OnboardingStore, type PractitionerRow } from '@app/persistence';
import { assertAdministersCpts, assertAdministrator } from '../auth/access';
import { CurrentPrincipal, type Principal, actorOf } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { professionalMssAddress } from './mss-address';
import { BulkRegistrationDto, CreateCptsDto, RegisterPractitionerDto } from './onboarding.dto';
import { PractitionerRegistration, type RosterReport } from './practitioner-registration.service';

/** A new CPTS's delays until it sets its own: a month for each document, a reminder a week, two before escalating. */
export const DEFAULT_CPTS_POLICY: CptsPolicy = {
  bilanInitialDueAfter: 'P30D',
  compteRenduDueAfter: 'P30D',
  reminderEvery: 'P7D',
  escalateAfterReminders: 2,
};

const DIRECTORY_DOWN =
  'the Annuaire Santé cannot be reached: nothing was written (Retry-After says when to try again)';

/**
 * Setting a CPTS up from nothing: an administrator creates it (then names its
 * coordinators, PUT /cpts/{id}/coordinators/{idNatPs}); its coordinators
 * register its practitioners by RPPS, one by one or a roster at a time, as
 * the Annuaire Santé lists them.
 */
@ApiTags('reference')
@Controller('cpts')
export class CptsOnboardingController {
  constructor(
    private readonly directory: Directory,
    private readonly store: OnboardingStore,
    private readonly registration: PractitionerRegistration,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a CPTS (administrators)',
    description:
      "Its delays default to P30D, P30D, P7D and 2 reminders; its projet de santé provides for accès direct only when it says so. In the CPTS's audit stream (cpts_created).",
  })
  @ApiCreatedResponse({ description: 'the new CPTS' })
  @ApiConflictResponse({ description: 'another CPTS has this identifier' })
  @ApiForbiddenResponse({ description: 'you do not administer the engine' })
  async create(
    @Body() dto: CreateCptsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CptsRow> {
    assertAdministrator(principal);
    const policy: CptsPolicy = {
      bilanInitialDueAfter: dto.bilanInitialDueAfter ?? DEFAULT_CPTS_POLICY.bilanInitialDueAfter,
      compteRenduDueAfter: dto.compteRenduDueAfter ?? DEFAULT_CPTS_POLICY.compteRenduDueAfter,
      reminderEvery: dto.reminderEvery ?? DEFAULT_CPTS_POLICY.reminderEvery,
      escalateAfterReminders:
        dto.escalateAfterReminders ?? DEFAULT_CPTS_POLICY.escalateAfterReminders,
    };
    // Checked as PATCH /cpts/{id} checks it, with the same field names.
    const problems = cptsPolicyProblems(policy, 'cpts').map((p) => ({
      field: p.field.replace(/^cpts\./, ''),
      problem: p.problem,
    }));
    if (problems.length > 0) throw DomainError.invalidFields(problems);
    const created = await this.store.createCpts(
      {
        id: randomUUID(),
        name: dto.name,
        identifier: dto.identifier,
        ...policy,
        projetDeSanteAccesDirect: dto.projetDeSanteAccesDirect ?? false,
        coordinatorMssAddress: dto.coordinatorMssAddress
          ? professionalMssAddress(dto.coordinatorMssAddress)
          : null,
      },
      actorOf(principal),
    );
    if (created === 'identifier_taken') {
      throw new DomainError('conflict', `a CPTS with identifier ${dto.identifier} already exists`, [
        { field: 'identifier', problem: 'is the identifier of another CPTS' },
      ]);
    }
    return created;
  }

  @Post(':id/practitioners')
  @ApiOperation({
    summary: 'Register a practitioner in the CPTS by RPPS (its coordinators, administrators)',
    description:
      "Looked up in the Annuaire Santé (name, profession, MSSanté mailboxes): an orthophoniste when opensPathways (the default); the mailbox named in mssAddress when it lists several. The practitioner's row is created, or the one the engine has for this RPPS reused, and made a member in the same transaction (member_registered in the CPTS's stream). A practitioner of another CPTS is moved only by an administrator.",
  })
  @ApiCreatedResponse({ description: 'the practitioner, a member of the CPTS' })
  @ApiNotFoundResponse({
    description: 'no such CPTS, or the Annuaire Santé does not know the RPPS',
  })
  @ApiConflictResponse({
    description: 'already a member of this CPTS, or (for a coordinator) of another one',
  })
  @ApiForbiddenResponse({
    description: 'you neither coordinate this CPTS nor administer the engine',
  })
  @ApiServiceUnavailableResponse({ description: DIRECTORY_DOWN })
  async register(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RegisterPractitionerDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PractitionerRow> {
    assertAdministersCpts(principal, id);
    await this.cptsOf(id);
    return this.registration.registerOne(
      {
        rpps: dto.rpps,
        opensPathways: dto.opensPathways ?? true,
        ...(dto.mssAddress !== undefined ? { mssAddress: dto.mssAddress } : {}),
        ...(dto.billingNumber !== undefined ? { billingNumber: dto.billingNumber } : {}),
      },
      { cptsId: id, mayMoveMembers: principal.administrator },
      actorOf(principal),
    );
  }

  @Post(':id/practitioners/bulk')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Register a roster of orthophonistes by RPPS from a CSV (its coordinators, administrators)',
    description:
      'dryRun: a line-by-line report (found, unknown, malformed, already_member, in_another_cpts, not_orthophoniste, needs_mss_choice), nothing written. Otherwise all or nothing: any line that is not found is a 400 naming it (csv[line N].rpps…), and nobody is registered; else everyone is, in one transaction.',
  })
  @ApiOkResponse({ description: 'the report (and, for a real run, the practitioners registered)' })
  @ApiForbiddenResponse({
    description: 'you neither coordinate this CPTS nor administer the engine',
  })
  @ApiServiceUnavailableResponse({ description: DIRECTORY_DOWN })
  async registerRoster(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: BulkRegistrationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RosterReport> {
    assertAdministersCpts(principal, id);
    await this.cptsOf(id);
    return this.registration.registerRoster(
      dto.csv,
      dto.dryRun,
      { cptsId: id, mayMoveMembers: principal.administrator },
      actorOf(principal),
    );
  }

  private async cptsOf(id: string): Promise<CptsRow> {
    const cpts = await this.directory.cpts(id);
    if (!cpts) throw DomainError.notFound('CPTS', id);
    return cpts;
  }
}
