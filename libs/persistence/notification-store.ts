import type { DataSource, EntityManager } from 'typeorm';
import type { Page, PageRequest } from './pathway-read-model';
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
}

/** Reminders and escalations addressed to practitioners and CPTS coordinators. */
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
    const where = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
    const [items, total] = await this.dataSource.getRepository(NotificationSchema).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    });
    return { items, total, page: page.page, pageSize: page.pageSize };
  }
}
