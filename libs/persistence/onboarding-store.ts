import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from './audit-log';
import type { NewCpts } from './directory';
import {
  CptsRow,
  CptsSchema,
  PractitionerRow,
  PractitionerSchema,
} from './schema/reference.schema';

type AuditActor = { kind: string; id: string };

/** A CPTS as an administrator creates it: its own identifier is required and unique. */
export type CptsCreation = NewCpts & { identifier: string };

/** A practitioner as the Annuaire Santé describes them, to register in a CPTS. */
export interface MemberRegistration {
  rpps: string;
  familyName: string;
  givenNames: string;
  /** TRE_G15. */
  professionCode: string;
  /** The MSSanté address chosen among the directory's; null when it lists none. */
  mssAddress: string | null;
  /** Undefined keeps the billing number an existing row has. */
  billingNumber?: string;
}

/** What the Annuaire Santé says today, for a practitioner already here. */
export type DirectoryFields = Pick<
  PractitionerRow,
  'familyName' | 'givenNames' | 'professionCode' | 'mssAddress'
>;

export type FieldChanges = Partial<Record<keyof DirectoryFields, { from: unknown; to: unknown }>>;

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * Onboarding writes: a CPTS created, practitioners registered into it by RPPS,
 * re-read from the Annuaire Santé, given their billing number. Each is one
 * transaction with its audit events, so that a refusal (thrown by the
 * caller's `judge`, or a conflict found under lock) writes nothing.
 */
export class OnboardingStore {
  private readonly audit: AuditLog;

  constructor(private readonly dataSource: DataSource) {
    this.audit = new AuditLog(dataSource);
  }

  /** The new CPTS, or 'identifier_taken' when another CPTS has this identifier. */
  async createCpts(cpts: CptsCreation, actor: AuditActor): Promise<CptsRow | 'identifier_taken'> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const repository = manager.getRepository(CptsSchema);
        if (await repository.existsBy({ identifier: cpts.identifier })) return 'identifier_taken';
        await repository.insert(cpts);
        const created = await repository.findOneByOrFail({ id: cpts.id });
        await this.audit.appendNext(manager, {
          eventId: randomUUID(),
          stream: `cpts:${cpts.id}`,
          type: 'cpts_created',
          actor,
          occurredAt: new Date().toISOString(),
          payload: {
            name: created.name,
            identifier: created.identifier,
            projetDeSanteAccesDirect: created.projetDeSanteAccesDirect,
            coordinatorMssAddress: created.coordinatorMssAddress,
            bilanInitialDueAfter: created.bilanInitialDueAfter,
            compteRenduDueAfter: created.compteRenduDueAfter,
            reminderEvery: created.reminderEvery,
            escalateAfterReminders: created.escalateAfterReminders,
          },
        });
        return created;
      });
    } catch (error) {
      // Two administrators creating the same CPTS at once: the unique index decides.
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) return 'identifier_taken';
      throw error;
    }
  }

  /** The practitioner recorded last with this RPPS (the one logins find), if any. */
  async practitionersByRpps(rpps: readonly string[]): Promise<Map<string, PractitionerRow>> {
    if (rpps.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(PractitionerSchema)
      .createQueryBuilder('p')
      .distinctOn(['p.rpps'])
      .where('p.rpps IN (:...rpps)', { rpps: [...new Set(rpps)] })
      .orderBy('p.rpps')
      .addOrderBy('p.createdAt', 'DESC')
      .getMany();
    return new Map(rows.map((row) => [row.rpps, row]));
  }

  /**
   * Registers practitioners into a CPTS, all or none: each one's row (found
   * by RPPS, or created) gets the directory's name, profession and mailbox
   * and the CPTS; `judge` sees each registration with the row as it is,
   * locked, and throws to refuse (already a member, in another CPTS…), which
   * rolls everything back. `member_registered` in the CPTS's stream (and
   * `member_removed` in the one they leave).
   */
  async registerMembers(
    cptsId: string,
    registrations: readonly MemberRegistration[],
    actor: AuditActor,
    judge: (registration: MemberRegistration, existing: PractitionerRow | undefined) => void,
  ): Promise<PractitionerRow[]> {
    return this.dataSource.transaction(async (manager) => {
      const registered: PractitionerRow[] = [];
      // Always in the same order, so that two imports sharing RPPS wait for each other, never deadlock.
      const ordered = [...registrations].sort((a, b) => a.rpps.localeCompare(b.rpps));
      for (const registration of ordered) {
        registered.push(await this.registerOne(manager, cptsId, registration, actor, judge));
      }
      const byRpps = new Map(registered.map((row) => [row.rpps, row]));
      return registrations.map((r) => byRpps.get(r.rpps) as PractitionerRow);
    });
  }

  private async registerOne(
    manager: EntityManager,
    cptsId: string,
    registration: MemberRegistration,
    actor: AuditActor,
    judge: (registration: MemberRegistration, existing: PractitionerRow | undefined) => void,
  ): Promise<PractitionerRow> {
    // One registration of an RPPS at a time: the row is found, or created, once.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `practitioner-rpps:${registration.rpps}`,
    ]);
    const repository = manager.getRepository(PractitionerSchema);
    const existing =
      (await repository.findOne({
        where: { rpps: registration.rpps },
        order: { createdAt: 'DESC' },
        lock: { mode: 'pessimistic_write' },
      })) ?? undefined;
    judge(registration, existing);
    const { billingNumber, ...fromDirectory } = registration;
    const fields = {
      ...fromDirectory,
      ...(billingNumber !== undefined ? { billingNumber } : {}),
      cptsId,
      directorySyncedAt: new Date(),
    };
    const id = existing?.id ?? randomUUID();
    if (existing) await repository.update({ id }, fields);
    else await repository.insert({ id, ...fields });
    const occurredAt = new Date().toISOString();
    if (existing?.cptsId && existing.cptsId !== cptsId) {
      await this.audit.appendNext(manager, {
        eventId: randomUUID(),
        stream: `cpts:${existing.cptsId}`,
        type: 'member_removed',
        actor,
        occurredAt,
        payload: { practitionerId: id },
      });
    }
    await this.audit.appendNext(manager, {
      eventId: randomUUID(),
      stream: `cpts:${cptsId}`,
      type: 'member_registered',
      actor,
      occurredAt,
      payload: { practitionerId: id, rpps: registration.rpps, newPractitioner: !existing },
    });
    return repository.findOneByOrFail({ id });
  }

  /**
   * Writes what the Annuaire Santé says of a practitioner today, and when it
   * was read, in the practitioner's stream with what changed; undefined when
   * there is no such practitioner.
   */
  async syncFromDirectory(
    practitionerId: string,
    fields: DirectoryFields,
    actor: AuditActor,
  ): Promise<{ practitioner: PractitionerRow; changes: FieldChanges } | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(PractitionerSchema);
      const before = await repository.findOne({
        where: { id: practitionerId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!before) return undefined;
      const changes: FieldChanges = {};
      for (const key of Object.keys(fields) as (keyof DirectoryFields)[]) {
        if (before[key] !== fields[key]) changes[key] = { from: before[key], to: fields[key] };
      }
      await repository.update({ id: practitionerId }, { ...fields, directorySyncedAt: new Date() });
      await this.audit.appendNext(manager, {
        eventId: randomUUID(),
        stream: `practitioner:${practitionerId}`,
        type: 'directory_synced',
        actor,
        occurredAt: new Date().toISOString(),
        payload: { rpps: before.rpps, changes },
      });
      return { practitioner: await repository.findOneByOrFail({ id: practitionerId }), changes };
    });
  }

  /** Sets (or, with null, clears) the billing number; undefined when there is no such practitioner. */
  async setBillingNumber(
    practitionerId: string,
    billingNumber: string | null,
    actor: AuditActor,
  ): Promise<PractitionerRow | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(PractitionerSchema);
      const before = await repository.findOne({
        where: { id: practitionerId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!before) return undefined;
      if (before.billingNumber !== billingNumber) {
        await repository.update({ id: practitionerId }, { billingNumber });
        await this.audit.appendNext(manager, {
          eventId: randomUUID(),
          stream: `practitioner:${practitionerId}`,
          type: 'billing_number_set',
          actor,
          occurredAt: new Date().toISOString(),
          payload: { billingNumber, previous: before.billingNumber },
        });
      }
      return repository.findOneByOrFail({ id: practitionerId });
    });
  }
}
