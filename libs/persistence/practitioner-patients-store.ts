import type { DataSource } from 'typeorm';
import type { PathwayStatus, PathwayStep } from '@app/domain';
import type { Page, PageRequest } from './pathway-read-model';
import type { PatientRow } from './schema/reference.schema';

/** One patient of a practitioner, with their pathways with this practitioner (newest first). */
export interface PractitionerPatient {
  patient: Pick<
    PatientRow,
    | 'id'
    | 'birthFamilyName'
    | 'usedFamilyName'
    | 'firstNames'
    | 'birthDate'
    | 'sex'
    | 'identityStatus'
  >;
  pathways: { id: string; status: PathwayStatus; step: PathwayStep; openedAt: string }[];
}

/**
 * "Mes patients": the patients a practitioner has opened pathways for, those
 * with an active pathway first, then by name. Only the practitioner's own
 * pathways are counted (a patient seen by another practitioner shows only the
 * pathways with this one).
 */
export class PractitionerPatientsStore {
  constructor(private readonly dataSource: DataSource) {}

  async patientsOf(practitionerId: string, page: PageRequest): Promise<Page<PractitionerPatient>> {
    const rows = await this.dataSource.query<
      (PractitionerPatient['patient'] & {
        pathways: PractitionerPatient['pathways'];
        total: string;
      })[]
    >(
      `SELECT pt.id, pt.birth_family_name AS "birthFamilyName", pt.used_family_name AS "usedFamilyName",
              pt.first_names AS "firstNames", pt.birth_date::text AS "birthDate", pt.sex,
              pt.identity_status AS "identityStatus",
              json_agg(json_build_object('id', p.id, 'status', p.status, 'step', p.step,
                                         'openedAt', p.opened_at) ORDER BY p.opened_at DESC) AS pathways,
              count(*) OVER () AS total
         FROM pathways p JOIN patients pt ON pt.id = p.patient_id
        WHERE p.practitioner_id = $1
        GROUP BY pt.id
        ORDER BY bool_or(p.status = 'active') DESC, pt.birth_family_name, pt.first_names, pt.id
        LIMIT $2 OFFSET $3`,
      [practitionerId, page.pageSize, (page.page - 1) * page.pageSize],
    );
    const total = rows.length > 0 ? Number(rows[0].total) : await this.count(practitionerId);
    return {
      items: rows.map(({ pathways, total: _total, ...patient }) => ({ patient, pathways })),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  /** The total when the page asked for is past the end (no row to carry it). */
  private async count(practitionerId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ n: string }[]>(
      `SELECT count(DISTINCT patient_id) AS n FROM pathways WHERE practitioner_id = $1`,
      [practitionerId],
    );
    return Number(row?.n ?? 0);
  }
}
