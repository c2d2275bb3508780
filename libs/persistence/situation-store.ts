import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SituationExercice } from '@app/domain';
import { AuditLog } from './audit-log';

interface SituationRow {
  structure_kind: SituationExercice['structure']['kind'];
  structure_name: string;
  structure_id_nat: string | null;
  cadre: SituationExercice['cadre'];
  salarie: boolean;
  cpts_id: string | null;
  period_from: string;
  period_to: string;
  declared_at: Date;
}

export interface DeclaredSituation {
  situation: SituationExercice;
  declaredAt: Date;
}

/**
 * The practitioners' situations of exercise. A declaration is never edited:
 * renewing or correcting one declares a new one, and the newest is current.
 * Each declaration goes to the audit log (stream `practitioner:<id>`) in the
 * same transaction.
 */
export class SituationStore {
  private readonly audit: AuditLog;

  constructor(private readonly dataSource: DataSource) {
    this.audit = new AuditLog(dataSource);
  }

  async current(practitionerId: string): Promise<DeclaredSituation | undefined> {
    const [row]: SituationRow[] = await this.dataSource.query(
      `SELECT structure_kind, structure_name, structure_id_nat, cadre, salarie, cpts_id,
              period_from, period_to, declared_at
         FROM practitioner_situations
        WHERE practitioner_id = $1
        ORDER BY declared_at DESC, id DESC
        LIMIT 1`,
      [practitionerId],
    );
    return row ? { situation: situationOf(row), declaredAt: row.declared_at } : undefined;
  }

  async declare(
    practitionerId: string,
    situation: SituationExercice,
    actor: { kind: string; id: string },
  ): Promise<DeclaredSituation> {
    const id = randomUUID();
    return this.dataSource.transaction(async (manager) => {
      const [row]: SituationRow[] = await manager.query(
        `INSERT INTO practitioner_situations
           (id, practitioner_id, structure_kind, structure_name, structure_id_nat, cadre, salarie,
            cpts_id, period_from, period_to, declared_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         RETURNING structure_kind, structure_name, structure_id_nat, cadre, salarie, cpts_id,
                   period_from, period_to, declared_at`,
        [
          id,
          practitionerId,
          situation.structure.kind,
          situation.structure.name,
          situation.structure.idNat ?? null,
          situation.cadre,
          situation.salarie,
          situation.cptsId ?? null,
          situation.period.from,
          situation.period.to,
          actor.id,
        ],
      );
      await this.audit.appendNext(manager, {
        eventId: `situation:${id}`,
        stream: `practitioner:${practitionerId}`,
        type: 'situation_exercice_declared',
        actor,
        occurredAt: row.declared_at.toISOString(),
        payload: { situationId: id, ...situation },
      });
      return { situation: situationOf(row), declaredAt: row.declared_at };
    });
  }

  /**
   * Current situations whose period ends between `fromDay` and `toDay`
   * (YYYY-MM-DD, both included) and whose end was not reminded yet.
   */
  async endingWithoutReminder(fromDay: string, toDay: string): Promise<SituationEnding[]> {
    const rows: (SituationRow & { practitioner_id: string })[] = await this.dataSource.query(
      `SELECT current.* FROM (
         SELECT DISTINCT ON (practitioner_id) practitioner_id, structure_kind, structure_name,
                structure_id_nat, cadre, salarie, cpts_id, period_from, period_to, declared_at
           FROM practitioner_situations
          ORDER BY practitioner_id, declared_at DESC, id DESC) current
        WHERE current.period_to BETWEEN $1 AND $2
          AND NOT EXISTS (SELECT 1 FROM situation_reminders r
                           WHERE r.practitioner_id = current.practitioner_id
                             AND r.period_to = current.period_to)
        ORDER BY current.period_to, current.practitioner_id`,
      [fromDay, toDay],
    );
    return rows.map((row) => ({
      practitionerId: row.practitioner_id,
      situation: situationOf(row),
    }));
  }

  /**
   * Records the reminder of a period's end, with the audit event, once: false
   * when it was recorded already (another worker sent it).
   */
  async recordReminder(
    practitionerId: string,
    periodTo: string,
    delivery: { status: 'sent'; mssMessageId: string } | { status: 'not_sendable'; detail: string },
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO situation_reminders (practitioner_id, period_to, delivery, mss_message_id, detail)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING practitioner_id`,
        [
          practitionerId,
          periodTo,
          delivery.status,
          delivery.status === 'sent' ? delivery.mssMessageId : null,
          delivery.status === 'not_sendable' ? delivery.detail : null,
        ],
      );
      if (inserted.length === 0) return false;
      await this.audit.appendNext(manager, {
        eventId: randomUUID(),
        stream: `practitioner:${practitionerId}`,
        type: 'situation_exercice_reminded',
        actor: { kind: 'system', id: 'pathway-engine' },
        occurredAt: new Date().toISOString(),
        payload: { periodTo, delivery: delivery.status },
      });
      return true;
    });
  }
}

export interface SituationEnding {
  practitionerId: string;
  situation: SituationExercice;
}

function situationOf(row: SituationRow): SituationExercice {
  return {
    structure: {
      kind: row.structure_kind,
      name: row.structure_name,
      ...(row.structure_id_nat ? { idNat: row.structure_id_nat } : {}),
    },
    cadre: row.cadre,
    salarie: row.salarie,
    ...(row.cpts_id ? { cptsId: row.cpts_id } : {}),
    period: { from: row.period_from, to: row.period_to },
  };
}
