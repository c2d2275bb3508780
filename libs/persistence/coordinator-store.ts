import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditLog } from './audit-log';

export interface Coordinatorship {
  cptsId: string;
  idNatPs: string;
  grantedAt: Date;
  grantedBy: string;
}

interface CoordinatorRow {
  cpts_id: string;
  id_nat_ps: string;
  granted_at: Date;
  granted_by: string;
}

/**
 * Who coordinates which CPTS. Read on every request (a removal takes effect
 * at once, not at the next login); granted and removed by an administrator,
 * each change in the CPTS's audit stream (`cpts:<id>`) in the same transaction.
 */
export class CoordinatorStore {
  private readonly audit: AuditLog;

  constructor(private readonly dataSource: DataSource) {
    this.audit = new AuditLog(dataSource);
  }

  /** The CPTS this professional (idNat_PS) coordinates. */
  async cptsCoordinatedBy(idNatPs: string): Promise<string[]> {
    const rows: { cpts_id: string }[] = await this.dataSource.query(
      `SELECT cpts_id FROM cpts_coordinators WHERE id_nat_ps = $1 ORDER BY cpts_id`,
      [idNatPs],
    );
    return rows.map((r) => r.cpts_id);
  }

  async coordinatorsOf(cptsId: string): Promise<Coordinatorship[]> {
    const rows: CoordinatorRow[] = await this.dataSource.query(
      `SELECT cpts_id, id_nat_ps, granted_at, granted_by FROM cpts_coordinators
        WHERE cpts_id = $1 ORDER BY granted_at, id_nat_ps`,
      [cptsId],
    );
    return rows.map(coordinatorship);
  }

  /** Grants the role; granting it again changes nothing (and records nothing). */
  async grant(
    cptsId: string,
    idNatPs: string,
    actor: { kind: string; id: string },
  ): Promise<Coordinatorship> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: CoordinatorRow[] = await manager.query(
        `INSERT INTO cpts_coordinators (cpts_id, id_nat_ps, granted_by) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING
         RETURNING cpts_id, id_nat_ps, granted_at, granted_by`,
        [cptsId, idNatPs, actor.id],
      );
      if (inserted.length === 0) {
        const [existing]: CoordinatorRow[] = await manager.query(
          `SELECT cpts_id, id_nat_ps, granted_at, granted_by FROM cpts_coordinators
            WHERE cpts_id = $1 AND id_nat_ps = $2`,
          [cptsId, idNatPs],
        );
        return coordinatorship(existing);
      }
      const [row] = inserted;
      await this.audit.appendNext(manager, {
        eventId: randomUUID(),
        stream: `cpts:${cptsId}`,
        type: 'coordinator_granted',
        actor,
        occurredAt: row.granted_at.toISOString(),
        payload: { idNatPs },
      });
      return coordinatorship(row);
    });
  }

  /** Removes the role; false when this professional did not hold it. */
  async revoke(cptsId: string, idNatPs: string, actor: { kind: string; id: string }) {
    return this.dataSource.transaction(async (manager) => {
      const removed: { id_nat_ps: string }[] = await manager.query(
        // Through a SELECT: TypeORM answers a bare DELETE … RETURNING as [rows, count].
        `WITH removed AS (
           DELETE FROM cpts_coordinators WHERE cpts_id = $1 AND id_nat_ps = $2 RETURNING id_nat_ps)
         SELECT * FROM removed`,
        [cptsId, idNatPs],
      );
      if (removed.length === 0) return false;
      const now = new Date().toISOString();
      await this.audit.appendNext(manager, {
        eventId: randomUUID(),
        stream: `cpts:${cptsId}`,
        type: 'coordinator_revoked',
        actor,
        occurredAt: now,
        payload: { idNatPs },
      });
      return true;
    });
  }
}

function coordinatorship(row: CoordinatorRow): Coordinatorship {
  return {
    cptsId: row.cpts_id,
    idNatPs: row.id_nat_ps,
    grantedAt: row.granted_at,
    grantedBy: row.granted_by,
  };
}
