import type { DataSource } from 'typeorm';
import type { DocumentKind } from '@app/domain';
import type { Page, PageRequest } from '../pathway-read-model';

/** One overdue duty of a CPTS: what its coordinator chases. No patient data. */
export interface OverdueDuty {
  pathwayId: string;
  duty: DocumentKind;
  dueAt: string;
  /** Whole days since the due date. */
  daysOverdue: number;
  openedAt: string;
  practitioner: { id: string; familyName: string; givenNames: string };
  remindersSent: number;
  /** When the coordinator was alerted (the workflow alerts once per duty); null: not yet. */
  lastEscalatedAt: string | null;
}

export interface WorklistFilter {
  practitionerId?: string;
  duty?: DocumentKind;
}

/** A member who bills accès-direct acts without a billing number on record. */
export interface PractitionerWithoutBillingNumber {
  id: string;
  familyName: string;
  givenNames: string;
  rpps: string;
}

interface DutyRow {
  pathway_id: string;
  duty: DocumentKind;
  due_at: Date;
  days_overdue: number;
  opened_at: Date;
  practitioner_id: string;
  family_name: string;
  given_names: string;
  reminders: number;
  escalated_at: Date | null;
}

/**
 * The coordinator's worklist: the overdue duties of a CPTS, most overdue
 * first. A duty is overdue when its pathway is active, waits for that document
 * (`current_due_at`) and the due date has passed — computed when read, like
 * the list's `overdue`. Served by the partial index `pathways_overdue_by_cpts`.
 */
export class WorklistStore {
  constructor(private readonly dataSource: DataSource) {}

  async overdueDuties(
    cptsId: string,
    filter: WorklistFilter,
    page: PageRequest,
    now = new Date(),
  ): Promise<Page<OverdueDuty>> {
    const conditions = [
      'p.cpts_id = $1',
      `p.status = 'active'`,
      'p.current_due_at IS NOT NULL',
      'p.current_due_at <= $2',
    ];
    const parameters: unknown[] = [cptsId, now];
    if (filter.practitionerId) {
      parameters.push(filter.practitionerId);
      conditions.push(`p.practitioner_id = $${parameters.length}`);
    }
    if (filter.duty) {
      parameters.push(filter.duty);
      conditions.push(`p.step = $${parameters.length}`);
    }
    const where = conditions.join(' AND ');
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM pathways p WHERE ${where}`,
      parameters,
    );
    const rows: DutyRow[] = await this.dataSource.query(
      `SELECT p.id AS pathway_id, p.step AS duty, p.current_due_at AS due_at,
              floor(extract(epoch FROM ($2 - p.current_due_at)) / 86400)::int AS days_overdue,
              p.opened_at, p.practitioner_id, pr.family_name, pr.given_names,
              CASE p.step WHEN 'bilan_initial' THEN p.bilan_initial_reminders
                          ELSE p.compte_rendu_reminders END AS reminders,
              CASE p.step WHEN 'bilan_initial' THEN p.bilan_initial_escalated_at
                          ELSE p.compte_rendu_escalated_at END AS escalated_at
         FROM pathways p JOIN practitioners pr ON pr.id = p.practitioner_id
        WHERE ${where}
        ORDER BY p.current_due_at ASC, p.id ASC
        OFFSET $${parameters.length + 1} LIMIT $${parameters.length + 2}`,
      [...parameters, (page.page - 1) * page.pageSize, page.pageSize],
    );
    return {
      items: rows.map((row) => ({
        pathwayId: row.pathway_id,
        duty: row.duty,
        dueAt: row.due_at.toISOString(),
        daysOverdue: row.days_overdue,
        openedAt: row.opened_at.toISOString(),
        practitioner: {
          id: row.practitioner_id,
          familyName: row.family_name,
          givenNames: row.given_names,
        },
        remindersSent: row.reminders,
        lastEscalatedAt: row.escalated_at?.toISOString() ?? null,
      })),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  /** The CPTS's orthophonistes without a billing number: their accès-direct acts would be at their charge. */
  async withoutBillingNumber(cptsId: string): Promise<PractitionerWithoutBillingNumber[]> {
    const rows: { id: string; family_name: string; given_names: string; rpps: string }[] =
      await this.dataSource.query(
        `SELECT id, family_name, given_names, rpps FROM practitioners
          WHERE cpts_id = $1 AND profession_code = '91'
            AND (billing_number IS NULL OR billing_number = '')
          ORDER BY family_name, given_names, id`,
        [cptsId],
      );
    return rows.map((r) => ({
      id: r.id,
      familyName: r.family_name,
      givenNames: r.given_names,
      rpps: r.rpps,
    }));
  }
}
