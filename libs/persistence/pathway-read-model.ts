import type { DataSource, EntityManager } from 'typeorm';
import type { PathwayStatus } from '@app/domain';
import { PathwayRow, PathwaySchema } from './schema/pathway.schema';

/** What the workflow writes: every column but those PostgreSQL or the mailbox poll fill in. */
export type PathwayRowUpdate = Omit<
  PathwayRow,
  | 'currentDueAt'
  | 'updatedAt'
  | 'medecinTraitantDeclared'
  | `${'bilanInitial' | 'compteRendu'}Mss${'Status' | 'SkipReason' | 'MessageId' | 'SentAt' | 'DeliveredAt' | 'ReadAt'}`
>;

export interface PathwayFilter {
  status?: PathwayStatus;
  overdue?: boolean;
  practitionerId?: string;
  cptsId?: string;
  /** Part of the patient's names (birth or used family name, first names), any case. */
  patient?: string;
  /**
   * `urgency`: what is due soonest first — late ones at the top, pathways awaiting
   * nothing last; otherwise the newest first (late ones first with `overdue`).
   */
  sort?: 'urgency' | 'recent';
  /** Only what the caller may see (the API always sets it). */
  scope?: PathwayScope;
}

/** What a caller may see: their own pathways, and every one of the CPTS they coordinate. */
export interface PathwayScope {
  practitionerId: string | null;
  cptsIds: readonly string[];
}

/**
 * The SQL condition of a scope on a pathways table aliased `alias`, with its
 * parameters (named so that they do not clash with a caller's).
 */
export function scopeCondition(
  scope: PathwayScope,
  alias: string,
): [string, { scopePractitionerId: string | null; scopeCptsIds: string[] }] {
  return [
    `(${alias}.practitioner_id = :scopePractitionerId OR ${alias}.cpts_id = ANY(:scopeCptsIds))`,
    { scopePractitionerId: scope.practitionerId, scopeCptsIds: [...scope.cptsIds] },
  ];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

/**
 * "Overdue" is computed when read, from the due date: a late document shows as
 * late even while no worker is running to fire the workflow's timer.
 */
const OVERDUE = `(p.status = 'active' AND p.current_due_at IS NOT NULL AND p.current_due_at <= now())`;

type OverdueColumn = { overdue: boolean };

export class PathwayReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes a pathway's row from the workflow's snapshot. A snapshot older than
   * the stored one (a retried activity arriving late) changes nothing.
   */
  async upsert(manager: EntityManager, row: PathwayRowUpdate): Promise<void> {
    const columns = manager.connection
      .getMetadata(PathwaySchema)
      .columns.filter((c) => c.isInsert && c.propertyName !== 'updatedAt');
    const values = columns.map((c) => {
      const value = row[c.propertyName as keyof PathwayRowUpdate];
      return value !== null && typeof value === 'object' && !(value instanceof Date)
        ? JSON.stringify(value)
        : value;
    });
    const names = columns.map((c) => c.databaseName);
    await manager.query(
      `INSERT INTO pathways (${names.join(', ')}, updated_at)
       VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}, now())
       ON CONFLICT (id) DO UPDATE SET
         ${names
           .filter((n) => n !== 'id')
           .map((n) => `${n} = EXCLUDED.${n}`)
           .join(', ')}, updated_at = now()
       WHERE pathways.last_seq < EXCLUDED.last_seq`,
      values,
    );
  }

  async get(id: string): Promise<(PathwayRow & { overdue: boolean }) | undefined> {
    const { entities, raw } = await this.query()
      .addSelect(OVERDUE, 'overdue')
      .where('p.id = :id', { id })
      .getRawAndEntities();
    return entities[0]
      ? { ...entities[0], overdue: (raw as OverdueColumn[])[0].overdue }
      : undefined;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.dataSource.getRepository(PathwaySchema).countBy({ id })) > 0;
  }

  async list(
    filter: PathwayFilter,
    page: PageRequest,
  ): Promise<Page<PathwayRow & { overdue: boolean }>> {
    const query = this.query().addSelect(OVERDUE, 'overdue');
    if (filter.status) query.andWhere('p.status = :status', { status: filter.status });
    if (filter.practitionerId) query.andWhere('p.practitioner_id = :practitionerId', filter);
    if (filter.cptsId) query.andWhere('p.cpts_id = :cptsId', filter);
    if (filter.scope) query.andWhere(...scopeCondition(filter.scope, 'p'));
    if (filter.overdue !== undefined) query.andWhere(filter.overdue ? OVERDUE : `NOT ${OVERDUE}`);
    if (filter.patient) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM patients pt WHERE pt.id = p.patient_id AND (
           pt.birth_family_name ILIKE :patientName ESCAPE '\\' OR pt.used_family_name ILIKE :patientName ESCAPE '\\'
           OR pt.first_names ILIKE :patientName ESCAPE '\\'))`,
        { patientName: `%${filter.patient.replace(/[\\%_]/g, (c) => `\\${c}`)}%` },
      );
    }
    if (filter.sort === 'urgency') {
      query.orderBy('p.current_due_at', 'ASC', 'NULLS LAST').addOrderBy('p.opened_at', 'DESC');
    } else if (filter.overdue) query.orderBy('p.current_due_at', 'ASC');
    else query.orderBy('p.opened_at', 'DESC');
    query.addOrderBy('p.id', 'ASC');
    const total = await query.getCount();
    const { entities, raw } = await query
      .offset((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .getRawAndEntities();
    return {
      items: entities.map((row, i) => ({ ...row, overdue: (raw as OverdueColumn[])[i].overdue })),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  private query() {
    return this.dataSource.getRepository(PathwaySchema).createQueryBuilder('p');
  }
}
