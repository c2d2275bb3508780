import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { NotificationStore } from '@app/persistence';
import { pathwayScope } from '../auth/access';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { PageQuery } from '../pathways/pathway.dto';
import type { NotificationPage } from '../openapi/responses';

const NOTIFICATION_KINDS = ['reminder', 'escalation', 'action_required', 'alert'] as const;

class NotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['practitioner', 'coordinator'] })
  @IsOptional()
  @IsIn(['practitioner', 'coordinator'], { message: 'must be practitioner or coordinator' })
  recipientKind?: 'practitioner' | 'coordinator';

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a practitioner id, or a CPTS id for its coordinators',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  recipientId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  pathwayId?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS })
  @IsOptional()
  @IsIn(NOTIFICATION_KINDS, { message: `must be one of ${NOTIFICATION_KINDS.join(', ')}` })
  kind?: (typeof NOTIFICATION_KINDS)[number];
}

/**
 * Reminders to practitioners and escalations to CPTS coordinators, newest
 * first: those of the pathways the caller may see, whatever the filter; a
 * practitioner's DMP alerts to that practitioner alone.
 */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationStore) {}

  @Get()
  @ApiOperation({ summary: 'List notifications (of your pathways and your CPTS)' })
  list(
    @Query() query: NotificationsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NotificationPage> {
    const { page, pageSize, ...filter } = query;
    return this.notifications.list(
      { ...filter, scope: pathwayScope(principal) },
      { page, pageSize },
    );
  }
}
