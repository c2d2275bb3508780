import { randomUUID } from 'node:crypto';
import { DataSource, FindOptionsOrder, FindOptionsWhere, In, IsNull, Repository } from 'typeorm';
import { AuditLog } from './audit-log';
import {
  type Page,
  type PageRequest,
  type PathwayScope,
  scopeCondition,
} from './pathway-read-model';
import {
  CptsRow,
  CptsSchema,
  PatientRow,
  PatientSchema,
  PractitionerRow,
  PractitionerSchema,
} from './schema/reference.schema';

type WithDefaults<Row, Defaulted extends keyof Row> = Omit<Row, 'createdAt' | Defaulted> &
  Partial<Pick<Row, Defaulted>>;

/** A CPTS; its DMP type codes default to the engine's choice (47420-5, 11506-3). */
export type NewCpts = WithDefaults<
  CptsRow,
  | 'bilanInitialTypeCode'
  | 'compteRenduTypeCode'
  | 'coordinatorMssAddress'
  | 'projetDeSanteAccesDirect'
  | 'coordinatorsReadDocuments'
  | 'identifier'
>;

/** What a CPTS's coordinators change: its policy delays (for pathways opened from then on) and settings. */
export type CptsSettings = Pick<
  CptsRow,
  | 'bilanInitialDueAfter'
  | 'compteRenduDueAfter'
  | 'reminderEvery'
  | 'escalateAfterReminders'
  | 'projetDeSanteAccesDirect'
  | 'coordinatorMssAddress'
  | 'coordinatorsReadDocuments'
>;

/** A patient; how they were identified is known only for those identified through the API. */
export type NewPatient = WithDefaults<
  PatientRow,
  'identitySource' | 'identityDocument' | 'identityDocumentCheckedOn'
>;

/** A practitioner; the structure they file for may come later (filing then waits for it). */
export type NewPractitioner = WithDefaults<
  PractitionerRow,
  | 'structureIdNat'
  | 'structureName'
  | 'facilityTypeCode'
  | 'practiceSettingCode'
  | 'billingNumber'
  | 'directorySyncedAt'
>;

/** The people and structures pathways refer to: CPTS, practitioners, patients. */
export class Directory {
  private readonly audit: AuditLog;

  constructor(private readonly dataSource: DataSource) {
    this.audit = new AuditLog(dataSource);
  }

  async cpts(id: string): Promise<CptsRow | undefined> {
    return (await this.dataSource.getRepository(CptsSchema).findOneBy({ id })) ?? undefined;
  }

  async practitioner(id: string): Promise<PractitionerRow | undefined> {
    return (await this.dataSource.getRepository(PractitionerSchema).findOneBy({ id })) ?? undefined;
  }

  /** The practitioner with this RPPS (the one recorded last, should there be several). */
  async practitionerByRpps(rpps: string): Promise<PractitionerRow | undefined> {
    return (
      (await this.dataSource
        .getRepository(PractitionerSchema)
        .findOne({ where: { rpps }, order: { createdAt: 'DESC' } })) ?? undefined
    );
  }

  async patient(id: string): Promise<PatientRow | undefined> {
    return (await this.dataSource.getRepository(PatientSchema).findOneBy({ id })) ?? undefined;
  }

  async cptsByIds(ids: readonly string[]): Promise<Map<string, CptsRow>> {
    return byId(
      await this.dataSource.getRepository(CptsSchema).findBy({ id: In([...new Set(ids)]) }),
    );
  }

  async practitionersByIds(ids: readonly string[]): Promise<Map<string, PractitionerRow>> {
    return byId(
      await this.dataSource.getRepository(PractitionerSchema).findBy({ id: In([...new Set(ids)]) }),
    );
  }

  async patientsByIds(ids: readonly string[]): Promise<Map<string, PatientRow>> {
    return byId(
      await this.dataSource.getRepository(PatientSchema).findBy({ id: In([...new Set(ids)]) }),
    );
  }

  async listCpts(page: PageRequest): Promise<Page<CptsRow>> {
    return this.page(this.dataSource.getRepository(CptsSchema), page, { name: 'ASC' });
  }

  async listPractitioners(page: PageRequest, cptsId?: string): Promise<Page<PractitionerRow>> {
    return this.page(
      this.dataSource.getRepository(PractitionerSchema),
      page,
      { familyName: 'ASC' },
      cptsId ? { cptsId } : {},
    );
  }

  /** The patient recorded under this INS matricule, if any (the oldest record). */
  async patientByIns(matricule: string): Promise<PatientRow | undefined> {
    return (
      (await this.dataSource
        .getRepository(PatientSchema)
        .findOne({ where: { insMatricule: matricule }, order: { createdAt: 'ASC' } })) ?? undefined
    );
  }

  /** A patient without INS with exactly these strict traits, if any. */
  async provisionalPatientByTraits(traits: {
    birthFamilyName: string;
    firstNames: string;
    birthDate: string;
    sex: PatientRow['sex'];
  }): Promise<PatientRow | undefined> {
    return (
      (await this.dataSource.getRepository(PatientSchema).findOne({
        where: { ...traits, insMatricule: IsNull() },
        order: { createdAt: 'ASC' },
      })) ?? undefined
    );
  }

  /** Whether the patient is in `scope` (one of its pathways), or was identified by `identifiedBy` (idNat_PS). */
  async patientInScope(
    patientId: string,
    scope: PathwayScope,
    identifiedBy: string,
  ): Promise<boolean> {
    const [condition, parameters] = scopeCondition(scope, 'p');
    const count = await this.dataSource
      .getRepository(PatientSchema)
      .createQueryBuilder('patient')
      .where('patient.id = :patientId', { patientId })
      .andWhere(
        `(EXISTS (SELECT 1 FROM pathways p WHERE p.patient_id = patient.id AND ${condition})
          OR EXISTS (SELECT 1 FROM patient_identifiers i
                      WHERE i.patient_id = patient.id AND i.id_nat_ps = :identifiedBy))`,
        { ...parameters, identifiedBy },
      )
      .getCount();
    return count > 0;
  }

  /**
   * Whether a practitioner may open a pathway for this patient: they identified
   * them, or already see them through a pathway, or nobody identified them
   * through the API (a patient imported or seeded before identification).
   */
  async patientOpenTo(patientId: string, scope: PathwayScope, idNatPs: string): Promise<boolean> {
    const [identified] = await this.dataSource.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM patient_identifiers WHERE patient_id = $1) AS any`,
      [patientId],
    );
    return !identified.any || this.patientInScope(patientId, scope, idNatPs);
  }

  /** The patients of the pathways in `scope`, and those the caller identified (`identifiedBy`). */
  async listPatients(
    page: PageRequest,
    scope: PathwayScope,
    identifiedBy?: string,
  ): Promise<Page<PatientRow>> {
    const [condition, parameters] = scopeCondition(scope, 'p');
    const [items, total] = await this.dataSource
      .getRepository(PatientSchema)
      .createQueryBuilder('patient')
      .where(
        `(EXISTS (SELECT 1 FROM pathways p WHERE p.patient_id = patient.id AND ${condition})
          OR EXISTS (SELECT 1 FROM patient_identifiers i
                      WHERE i.patient_id = patient.id AND i.id_nat_ps = :identifiedBy))`,
        { ...parameters, identifiedBy: identifiedBy ?? null },
      )
      .orderBy('patient.birthFamilyName', 'ASC')
      .addOrderBy('patient.id', 'ASC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize)
      .getManyAndCount();
    return { items, total, page: page.page, pageSize: page.pageSize };
  }

  /** Creates or refreshes reference rows (demo data, imports); ids are the caller's. */
  async saveCpts(rows: NewCpts[]): Promise<void> {
    await this.dataSource.getRepository(CptsSchema).upsert(rows, ['id']);
  }

  /** Changes a CPTS's settings; undefined when there is no such CPTS. */
  async updateCpts(
    id: string,
    settings: Partial<CptsSettings>,
    actor: { kind: string; id: string },
  ): Promise<CptsRow | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(CptsSchema);
      if (!(await repository.existsBy({ id }))) return undefined;
      if (Object.keys(settings).length > 0) {
        await repository.update({ id }, settings);
        await this.audit.appendNext(manager, {
          eventId: randomUUID(),
          stream: `cpts:${id}`,
          type: 'cpts_settings_changed',
          actor,
          occurredAt: new Date().toISOString(),
          payload: { ...settings },
        });
      }
      return (await repository.findOneBy({ id })) ?? undefined;
    });
  }

  /**
   * Makes a practitioner a member of a CPTS, or of none (`cptsId` null), in the
   * CPTS's audit stream; undefined when there is no such practitioner.
   */
  /**
   * Moves a practitioner into a CPTS (or out of any, with null), in the
   * streams of both CPTS. `allowed` judges the move against the practitioner
   * as they are, locked, in the same transaction: it throws to refuse.
   */
  async setMembership(
    practitionerId: string,
    cptsId: string | null,
    actor: { kind: string; id: string },
    allowed: (before: PractitionerRow) => void = () => undefined,
  ): Promise<PractitionerRow | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(PractitionerSchema);
      const before = await repository.findOne({
        where: { id: practitionerId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!before) return undefined;
      allowed(before);
      if (before.cptsId !== cptsId) {
        await repository.update({ id: practitionerId }, { cptsId });
        const occurredAt = new Date().toISOString();
        for (const [stream, type] of [
          [before.cptsId, 'member_removed'],
          [cptsId, 'member_added'],
        ] as const) {
          if (!stream) continue;
          await this.audit.appendNext(manager, {
            eventId: randomUUID(),
            stream: `cpts:${stream}`,
            type,
            actor,
            occurredAt,
            payload: { practitionerId },
          });
        }
      }
      return (await repository.findOneBy({ id: practitionerId })) ?? undefined;
    });
  }

  async savePractitioners(rows: NewPractitioner[]): Promise<void> {
    await this.dataSource.getRepository(PractitionerSchema).upsert(rows, ['id']);
  }

  async savePatients(rows: NewPatient[]): Promise<void> {
    await this.dataSource.getRepository(PatientSchema).upsert(rows, ['id']);
  }

  private async page<T extends { id: string }>(
    repository: Repository<T>,
    page: PageRequest,
    order: FindOptionsOrder<T>,
    where: FindOptionsWhere<T> = {},
  ): Promise<Page<T>> {
    const [items, total] = await repository.findAndCount({
      where,
      // The id breaks ties, so that pages never overlap.
      order: { ...order, id: 'ASC' },
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    });
    return { items, total, page: page.page, pageSize: page.pageSize };
  }
}

function byId<T extends { id: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.id, row]));
}
