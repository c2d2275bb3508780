import type { DataSource, EntityManager } from 'typeorm';
import {
  type Page,
  type PageRequest,
  type PathwayScope,
  scopeCondition,
} from './pathway-read-model';
import { NotificationRow, NotificationSchema } from './schema/notification.schema';

export type NewNotification = Omit<
  NotificationRow,
  'deliveryStatus' | 'mssMessageId' | 'deliveryDetail' | 'deliveryAttempts' | 'nextAttemptAt'
>;

export interface NotificationFilter {
  recipientKind?: NotificationRow['recipientKind'];
  recipientId?: string;
  pathwayId?: string;
  kind?: NotificationRow['kind'];
  /** Only the notifications of pathways the caller may see. */
  scope?: PathwayScope;
}

/** Reminders, escalations and DMP alerts addressed to practitioners and CPTS coordinators. */
export class NotificationStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts inside the caller's transaction; a notification already stored (same id) is kept as is. */
  async insert(manager: EntityManager, notifications: readonly NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(NotificationSchema)
      .values(notifications.map((n) => ({ ...n })))
      .orIgnore()
      .execute();
  }

  async list(filter: NotificationFilter, page: PageRequest): Promise<Page<NotificationRow>> {
    const { scope, ...columns } = filter;
    const query = this.dataSource.getRepository(NotificationSchema).createQueryBuilder('n');
    for (const [key, value] of Object.entries(columns)) {
      if (value !== undefined) query.andWhere(`n.${key} = :${key}`, { [key]: value });
    }
    if (scope) {
      const [condition, parameters] = scopeCondition(scope, 'p');
      query.andWhere(
        `EXISTS (SELECT 1 FROM pathways p WHERE p.id = n.pathway_id AND ${condition})`,
        parameters,
      );
      // A DMP alert says what another professional filed about the patient: for its practitioner only,
      // not for the CPTS's coordinators who follow the pathway.
      query.andWhere(`(n.kind <> 'alert' OR n.recipient_id = :alertReader)`, {
        alertReader: scope.practitionerId ?? '00000000-0000-0000-0000-000000000000',
      });
    }
    const [items, total] = await query
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'ASC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize)
      .getManyAndCount();
    return { items, total, page: page.page, pageSize: page.pageSize };
  }
}
