import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  COHORT_RULE,
  Directory,
  INDICATOR_DEFINITIONS,
  IndicatorsStore,
  WorklistStore,
} from '@app/persistence';
import { assertAdministrator } from '../auth/access';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { cptsFollowedBy } from '../exports/cpts-scope';
import { PeriodQuery, WorklistQuery, periodOf } from './indicators.dto';
import type { CptsIndicators, Indicators, Worklist } from '../openapi/responses';

/** The indicator definitions as the OpenAPI document prints them. */
const DEFINITIONS = [
  COHORT_RULE,
  '',
  ...INDICATOR_DEFINITIONS.map((d) => `- \`${d.key}\` — ${d.label} : ${d.definition}`),
].join('\n');

/**
 * What a CPTS's coordinators look at: its compliance figures and the duties
 * to chase. Administrators see every CPTS's figures, which hold no patient data.
 */
@ApiTags('indicators')
@Controller()
export class IndicatorsController {
  constructor(
    private readonly directory: Directory,
    private readonly indicators: IndicatorsStore,
    private readonly worklist: WorklistStore,
  ) {}

  @Get('cpts/:id/indicators')
  @ApiOperation({
    summary: "A CPTS's indicators over a period: totals, per orthophoniste, per month and quarter",
    description: `Its coordinators and the engine's administrators.\n\n${DEFINITIONS}`,
  })
  @ApiNotFoundResponse({
    description: 'no such CPTS, or you neither coordinate it nor administer the engine',
  })
  async cptsIndicators(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: PeriodQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CptsIndicators> {
    const period = periodOf(query);
    const cpts = await cptsFollowedBy(this.directory, principal, id, { administrators: true });
    return {
      cpts: { id: cpts.id, name: cpts.name },
      ...(await this.indicators.forCpts(cpts.id, period)),
    };
  }

  @Get('indicators')
  @ApiOperation({
    summary: 'Every CPTS’s indicators and their sum (administrators)',
    description: `Per CPTS, per month and quarter; no practitioner and no patient data.\n\n${DEFINITIONS}`,
  })
  @ApiForbiddenResponse({ description: 'you do not administer the engine' })
  async allIndicators(
    @Query() query: PeriodQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Indicators> {
    assertAdministrator(principal);
    return this.indicators.forAll(periodOf(query));
  }

  @Get('cpts/:id/worklist')
  @ApiOperation({
    summary: 'The overdue duties of a CPTS, most overdue first (its coordinators)',
    description:
      'A duty is overdue when its pathway is active, waits for that document and its due date has passed. ' +
      'Each item names the pathway (no patient data), the orthophoniste, the days overdue, the reminders sent and ' +
      'when the coordinator was alerted. `practitionersWithoutBillingNumber`: the CPTS’s orthophonistes whose ' +
      'billing number is not on record (their accès-direct acts would be at their charge).',
  })
  @ApiNotFoundResponse({ description: 'no such CPTS, or you do not coordinate it' })
  async cptsWorklist(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: WorklistQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Worklist> {
    const cpts = await cptsFollowedBy(this.directory, principal, id, { administrators: false });
    const { practitionerId, duty, ...page } = query;
    const [duties, withoutBillingNumber] = await Promise.all([
      this.worklist.overdueDuties(cpts.id, { practitionerId, duty }, page),
      this.worklist.withoutBillingNumber(cpts.id),
    ]);
    return { ...duties, practitionersWithoutBillingNumber: withoutBillingNumber };
  }
}
