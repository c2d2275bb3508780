import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DomainError } from '@app/domain';
import type { AuditFilter } from '@app/persistence';
import { IsIsoDay } from '../common/validators';
import { PageQuery } from '../pathways/pathway.dto';

const TYPES = /^[a-z][a-z0-9_]{0,63}(,[a-z][a-z0-9_]{0,63})*$/;

/** A page of an audit trail, between two days, of some event types. */
export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({
    example: '2026-11-01',
    description: 'events from this day on (Paris calendar day, included)',
  })
  @IsOptional()
  @IsIsoDay()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'events up to this day (Paris calendar day, included)',
  })
  @IsOptional()
  @IsIsoDay()
  to?: string;

  @ApiPropertyOptional({
    example: 'document_received,referred',
    description: 'only events of these types, comma-separated',
  })
  @IsOptional()
  @IsString({ message: 'must be event types, comma-separated' })
  @MaxLength(500)
  @Matches(TYPES, { message: 'must be event types (such as document_received), comma-separated' })
  type?: string;
}

/** The filter a valid query asks for; a period that ends before it starts is a 400 naming `to`. */
export function auditFilter(query: AuditQuery): AuditFilter {
  if (query.from && query.to && query.to < query.from) {
    throw DomainError.invalid('to', 'must not be before from');
  }
  return {
    ...(query.from ? { fromDay: query.from } : {}),
    ...(query.to ? { toDay: query.to } : {}),
    ...(query.type ? { types: [...new Set(query.type.split(','))] } : {}),
  };
}
