import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/persistence';

/**
 * A professional's own audit trail (`user:<idNatPs>`): logins and their
 * refusals, logouts, bearer tokens accepted, reads of clinical documents
 * (with the pathway). National ids and references only, never patient data.
 */
@Injectable()
export class UserAuditTrail {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async record(
    idNatPs: string,
    type: string,
    payload: Record<string, unknown>,
    pathwayId?: string,
  ): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.audit.appendNext(manager, {
        eventId: randomUUID(),
        stream: `user:${idNatPs}`,
        ...(pathwayId ? { pathwayId } : {}),
        type,
        actor: { kind: 'user', id: idNatPs },
        occurredAt: new Date().toISOString(),
        payload,
      }),
    );
  }
}
