import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Directory, IndicatorsStore } from '@app/persistence';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { cptsForExport } from '../exports/cpts-scope';
import { PeriodQuery, periodOf } from '../indicators/indicators.dto';
import { annualReportPdf } from './annual-report';

@ApiTags('exports')
@Controller()
export class ReportsController {
  constructor(
    private readonly directory: Directory,
    private readonly indicators: IndicatorsStore,
  ) {}

  @Get('cpts/:id/reports/annual.pdf')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "A CPTS's annual activity report (PDF, French)",
    description:
      'The CPTS, the period (`from`/`to`, default the last 12 months), the figures of the period and of each ' +
      'quarter with their definitions, bar charts per quarter (bilans and comptes-rendus on time, late, missing; ' +
      'sharing over MSSanté and in the DMP), the per-orthophoniste table, and how the figures were computed. ' +
      'Its coordinators and administrators: no patient data in it.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'the report, A4, as an attachment',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({
    description: 'no such CPTS, or you neither coordinate it nor administer the engine',
  })
  async annual(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: PeriodQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const period = periodOf(query);
    const cpts = await cptsForExport(this.directory, principal, id, 'figures');
    const indicators = await this.indicators.forCpts(cpts.id, period);
    const pdf = await annualReportPdf({ cpts, indicators });
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      length: pdf.length,
      disposition: `attachment; filename="rapport-acces-direct_${period.from}_${period.to}.pdf"`,
    });
  }
}
