import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { DOCUMENT_KINDS, type DocumentKind, indicatorPeriod } from '@app/domain';
import type { IndicatorPeriod } from '@app/persistence';
import { PageQuery } from '../pathways/pathway.dto';

/** `from`/`to` of the indicators and exports; checked whole by `periodOf` (defaults, order, length). */
export class PeriodQuery {
  @ApiPropertyOptional({
    example: '2026-01-01',
    description:
      'first day (YYYY-MM-DD, Paris), included; default: the day after `to` a year earlier',
  })
  @IsOptional()
  @IsString({ message: 'must be a date written YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-31',
    description:
      'last day (YYYY-MM-DD, Paris), included; default: today. At most 5 years after `from`',
  })
  @IsOptional()
  @IsString({ message: 'must be a date written YYYY-MM-DD' })
  to?: string;
}

export function periodOf(query: PeriodQuery, now = new Date()): IndicatorPeriod {
  return indicatorPeriod({ from: query.from, to: query.to }, now);
}

export class WorklistQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only this orthophoniste’s duties' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  practitionerId?: string;

  @ApiPropertyOptional({ enum: DOCUMENT_KINDS, description: 'only this duty' })
  @IsOptional()
  @IsIn(DOCUMENT_KINDS, { message: `must be one of ${DOCUMENT_KINDS.join(', ')}` })
  duty?: DocumentKind;
}
