import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/domain';
import { Directory, IndicatorPeriod, IndicatorsStore } from '@app/persistence';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { UserAuditTrail } from '../auth/user-audit-trail';
import { uuidParam } from '../common/uuid-param';
import { PeriodQuery, periodOf } from '../indicators/indicators.dto';
import { cptsForExport } from './cpts-scope';
import { sendCsv, streamQueryAsCsv } from './csv-stream';
import {
  INDICATOR_CSV_COLUMNS,
  ORTHOPHONISTE_CSV_COLUMNS,
  indicatorCsvRecords,
} from './indicator-export';
import {
  PathwayExportAudience,
  PathwayExportRow,
  pathwayExportColumns,
  pathwayExportQuery,
} from './pathway-export';

const CSV_ANSWER = {
  description:
    'UTF-8 with a byte-order mark, `;` between fields, CRLF line ends, a French header line; days YYYY-MM-DD (Europe/Paris). Streamed: the whole list, whatever its size.',
  content: { 'text/csv': { schema: { type: 'string' } } },
} as const;

const PERIOD_RULE =
  'Pathways opened in the period (Paris calendar days, `from` and `to` included; default the last 12 months), the indicators’ cohort rule.';

export const ONLY_ORTHOPHONISTES_EXPORT_THEIR_OWN =
  "only an orthophoniste exports their own pathways; a CPTS's coordinators export its de-identified list (GET /cpts/{id}/exports/pathways.csv)";

function fileName(what: string, period: IndicatorPeriod): string {
  return `${what}_${period.from}_${period.to}.csv`;
}

/**
 * The CSV exports: a CPTS's pathway list (de-identified, its coordinators),
 * an orthophoniste's own pathways (with their patients' names), and a CPTS's
 * indicators and per-orthophoniste table (its coordinators, administrators).
 */
@ApiTags('exports')
@ApiNotFoundResponse({
  description: 'no such CPTS, or you neither coordinate it nor (for figures) administer the engine',
})
@Controller()
export class ExportsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly directory: Directory,
    private readonly indicators: IndicatorsStore,
    private readonly trail: UserAuditTrail,
  ) {}

  @Get('cpts/:id/exports/pathways.csv')
  @ApiOperation({
    summary: "A CPTS's pathway list, de-identified (CSV; its coordinators)",
    description:
      `${PERIOD_RULE} One line per pathway: its id, the orthophoniste (name, RPPS), opening and closing days, ` +
      'status and step, for the bilan initial and the compte-rendu their due and received days, on time or late, ' +
      'reminders, the coordinator alerted, MSSanté sharing (sent, why not, delivered, read) and DMP filing (status, ' +
      'why not, filed), and the days overdue of the awaited document. No patient trait, no INS, no médecin ' +
      'traitant, no free text. Administrators get 403: pseudonymised data about patients is not theirs. ' +
      'Audited (`export_downloaded` in `user:<idNatPs>`).',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_ANSWER)
  @ApiForbiddenResponse({
    description: 'you administer the engine: the pathway list is its coordinators’',
  })
  async cptsPathways(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: PeriodQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const period = periodOf(query);
    const cpts = await cptsForExport(this.directory, principal, id, 'pathways');
    await this.streamPathways(res, principal, 'coordinator', cpts.id, period, `parcours-cpts`);
  }

  @Get('pathways/exports/pathways.csv')
  @ApiOperation({
    summary: "An orthophoniste's own pathways (CSV, with their patients' names and birth dates)",
    description:
      `${PERIOD_RULE} The columns of the CPTS's list, plus the patient's birth and used family names, ` +
      "first names and birth date, the DMP consent and the médecin traitant. The caller's own pathways only. " +
      'Audited (`export_downloaded` in `user:<idNatPs>`).',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_ANSWER)
  @ApiForbiddenResponse({ description: 'you are not an orthophoniste of the engine' })
  async ownPathways(
    @Query() query: PeriodQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const period = periodOf(query);
    if (principal.practitionerId === null) {
      throw new DomainError('forbidden', ONLY_ORTHOPHONISTES_EXPORT_THEIR_OWN);
    }
    await this.streamPathways(
      res,
      principal,
      'orthophoniste',
      principal.practitionerId,
      period,
      'mes-parcours',
    );
  }

  @Get('cpts/:id/exports/indicators.csv')
  @ApiOperation({
    summary: "A CPTS's indicators (CSV: one line per figure, with its definition)",
    description:
      'For the period, then for each quarter: `Période;Indicateur;Libellé;Valeur;Définition`, the indicator key ' +
      'being the dotted path of GET /cpts/{id}/indicators. Its coordinators and administrators (no patient data).',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_ANSWER)
  async cptsIndicators(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: PeriodQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const period = periodOf(query);
    const cpts = await cptsForExport(this.directory, principal, id, 'figures');
    const indicators = await this.indicators.forCpts(cpts.id, period);
    await sendCsv(
      res,
      fileName('indicateurs', period),
      INDICATOR_CSV_COLUMNS,
      indicatorCsvRecords(indicators),
    );
  }

  @Get('cpts/:id/exports/orthophonistes.csv')
  @ApiOperation({
    summary: "A CPTS's figures per orthophoniste (CSV)",
    description:
      'One line per orthophoniste of the CPTS (members, and whoever opened pathways in it): pathways opened, duties ' +
      'on time, late and missing, reminders, alerts, sharing. Its coordinators and administrators (no patient data).',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_ANSWER)
  async cptsOrthophonistes(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: PeriodQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const period = periodOf(query);
    const cpts = await cptsForExport(this.directory, principal, id, 'figures');
    const indicators = await this.indicators.forCpts(cpts.id, period);
    await sendCsv(
      res,
      fileName('orthophonistes', period),
      ORTHOPHONISTE_CSV_COLUMNS,
      indicators.byOrthophoniste ?? [],
    );
  }

  private async streamPathways(
    res: Response,
    principal: Principal,
    audience: PathwayExportAudience,
    owner: string,
    period: IndicatorPeriod,
    name: string,
  ): Promise<void> {
    const { sql, parameters } = pathwayExportQuery(audience, owner, period);
    await this.trail.record(principal.idNatPs, 'export_downloaded', {
      export: audience === 'coordinator' ? 'cpts_pathways' : 'own_pathways',
      ...(audience === 'coordinator' ? { cptsId: owner } : {}),
      period,
    });
    await streamQueryAsCsv<PathwayExportRow>(this.dataSource, res, {
      fileName: fileName(name, period),
      sql,
      parameters,
      columns: pathwayExportColumns(audience, Date.now()),
    });
  }
}
