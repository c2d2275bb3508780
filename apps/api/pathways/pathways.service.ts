import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  DomainError,
  MedecinTraitant,
  type OpeningWarning,
  accesDirectEligibility,
  assertCptsPolicy,
  parisDay,
  pathwayOpeningWarnings,
  situationBlockingReason,
  situationValidity,
} from '@app/domain';
import { DmpClient } from '@app/dmp';
import {
  AuditLog,
  CptsRow,
  Directory,
  MssStore,
  Page,
  PathwayReadModel,
  PractitionerRow,
  SituationStore,
} from '@app/persistence';
import { dmpAuthorOf, dmpPatientOf } from '../../shared/dmp-identities';
import {
  PathwayMachine,
  PathwayOpening,
  abandonUpdate,
  changeConsentUpdate,
  changeMedecinTraitantUpdate,
  endCareUpdate,
  recordDmpAuthorizationUpdate,
  referUpdate,
  retryDmpFilingUpdate,
} from '@app/workflows';
import {
  COORDINATORS_FOLLOW,
  DOCUMENTS_CLOSED_TO_COORDINATORS,
  PathwayAccess,
  pathwayAccess,
  pathwayScope,
} from '../auth/access';
import { type Principal, actorOf } from '../auth/principal';
import { PathwayEngine } from '../engine/pathway-engine';
import {
  AbandonDto,
  ChangeConsentDto,
  ChangeMedecinTraitantDto,
  CreatePathwayDto,
  EndCareDto,
  ListPathwaysQuery,
  MedecinTraitantDto,
  ReferDto,
  RetryDmpFilingDto,
} from './pathway.dto';
import { PathwayListItem, listItem } from './pathway-list-item';
import { withoutClinicalText, withoutPatientTraits } from './clinical-text';
import { PathwayView, viewFromReadModel, viewFromState } from './pathway.view';

/** TRE_G15 profession code of orthophonistes. */
const ORTHOPHONISTE = '91';

/**
 * Pathway use cases. The API never performs a step itself: it validates,
 * then starts, updates or queries the pathway's workflow, and reads the read
 * model for lists.
 */
@Injectable()
export class PathwaysService {
  constructor(
    private readonly engine: PathwayEngine,
    private readonly directory: Directory,
    private readonly readModel: PathwayReadModel,
    private readonly auditLog: AuditLog,
    private readonly dmp: DmpClient,
    private readonly mss: MssStore,
    private readonly situations: SituationStore,
  ) {}

  /**
   * Opens a pathway. `warnings` say what the practitioner should fix without
   * it stopping care: a missing billing number does not make accès direct
   * unlawful, but the acts cannot be billed under the right number.
   */
  async open(
    dto: CreatePathwayDto,
    principal: Principal,
  ): Promise<PathwayView & { warnings: OpeningWarning[] }> {
    if (principal.practitionerId !== dto.practitionerId) {
      throw new DomainError('forbidden', 'a practitioner opens pathways in their own name only', [
        { field: 'practitionerId', problem: 'is not the practitioner of this session' },
      ]);
    }
    const [cpts, practitioner, found] = await Promise.all([
      this.directory.cpts(dto.cptsId),
      this.directory.practitioner(dto.practitionerId),
      this.directory.patient(dto.patientId),
    ]);
    // A patient identified by others only is not this practitioner's to see: as if unknown.
    const patient =
      found &&
      (await this.directory.patientOpenTo(found.id, pathwayScope(principal), principal.idNatPs))
        ? found
        : undefined;
    const problems = [
      cpts ? undefined : { field: 'cptsId', problem: 'no CPTS has this id' },
      practitioner
        ? undefined
        : { field: 'practitionerId', problem: 'no practitioner has this id' },
      patient ? undefined : { field: 'patientId', problem: 'no patient has this id' },
      practitioner && cpts && practitioner.cptsId !== cpts.id
        ? { field: 'practitionerId', problem: 'this practitioner is not a member of this CPTS' }
        : undefined,
    ].filter((p) => p !== undefined);
    if (!cpts || !practitioner || !patient || problems.length > 0) {
      throw DomainError.invalidFields(problems);
    }
    await this.assertMayOpen(practitioner, cpts);
    const pathwayId = dto.id ?? randomUUID();
    if (await this.readModel.exists(pathwayId)) {
      throw new DomainError('conflict', `a pathway with id ${pathwayId} already exists`, [
        { field: 'id', problem: 'already used by another pathway' },
      ]);
    }
    const policy = {
      bilanInitialDueAfter: cpts.bilanInitialDueAfter,
      compteRenduDueAfter: cpts.compteRenduDueAfter,
      reminderEvery: cpts.reminderEvery,
      escalateAfterReminders: cpts.escalateAfterReminders,
    };
    assertCptsPolicy(policy, 'cpts.policy');
    const opening: PathwayOpening = {
      pathwayId,
      cptsId: dto.cptsId,
      practitionerId: dto.practitionerId,
      patientId: dto.patientId,
      medecinTraitant: medecinTraitant(dto.medecinTraitant),
      consentementDmp: dto.consentementDmp,
      policy,
      openedBy: actorOf(principal),
    };
    await this.engine.open(opening);
    const warnings = pathwayOpeningWarnings(practitioner);
    try {
      return { ...(await this.view(pathwayId, principal)), warnings };
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'unavailable') throw error;
      // Temporal has the pathway but no worker has run it yet: answer with the state it opens in,
      // so that the caller does not take the pathway for lost and open it twice.
      const initial = PathwayMachine.open(opening, Date.now()).state;
      return {
        ...viewFromState(initial, { cpts, practitioner, patient }, 0),
        source: 'pending',
        warnings,
      };
    }
  }

  /**
   * Accès direct needs a situation of exercise valid today, in a coordinated
   * setting (or a cabinet adherent of a CPTS whose projet de santé provides
   * for it): otherwise a 403 that tells the practitioner why.
   */
  private async assertMayOpen(practitioner: PractitionerRow, cpts: CptsRow): Promise<void> {
    // Accès direct in this engine is the orthophoniste's (TRE_G15 91); a member registered
    // not to open pathways (a physician of the CPTS, say) cannot open one either.
    if (practitioner.professionCode !== ORTHOPHONISTE) {
      throw forbidden('accès direct pathways are opened by orthophonistes only');
    }
    const current = await this.situations.current(practitioner.id);
    const blocking = situationBlockingReason(
      situationValidity(current?.situation, parisDay(Date.now())),
    );
    if (blocking || !current) {
      throw forbidden(blocking ?? "situation d'exercice manquante");
    }
    const eligibility = accesDirectEligibility(
      {
        ...current.situation,
        cptsId: current.situation.cptsId ?? practitioner.cptsId ?? undefined,
      },
      { id: cpts.id, name: cpts.name, projetDeSanteAccesDirect: cpts.projetDeSanteAccesDirect },
    );
    if (!eligibility.eligible) throw forbidden(eligibility.reason);
  }

  /** One pathway; a coordinator without document access sees no clinical free text, no patient trait. */
  async view(pathwayId: string, principal: Principal): Promise<PathwayView> {
    const access = await this.authorize(pathwayId, principal, 'read');
    const view = await this.currentView(pathwayId);
    if (
      access === 'coordinator' &&
      !(await this.directory.cpts(view.cpts.id))?.coordinatorsReadDocuments
    ) {
      return withoutClinicalText(view);
    }
    return view;
  }

  /**
   * How the caller stands to the pathway, refused as the need requires: a
   * pathway outside their scope is not found (its existence says nothing), a
   * coordinator does not act on it, and opens its documents only when their
   * CPTS allows it.
   */
  async authorize(
    pathwayId: string,
    principal: Principal,
    need: 'read' | 'act' | 'documents',
  ): Promise<PathwayAccess> {
    const ownership = await this.ownership(pathwayId);
    const access = ownership && pathwayAccess(principal, ownership);
    if (!ownership || !access) throw DomainError.notFound('pathway', pathwayId);
    if (access === 'coordinator' && need === 'act') {
      throw new DomainError('forbidden', COORDINATORS_FOLLOW);
    }
    if (access === 'coordinator' && need === 'documents') {
      const cpts = await this.directory.cpts(ownership.cptsId);
      if (!cpts?.coordinatorsReadDocuments) {
        throw new DomainError('forbidden', DOCUMENTS_CLOSED_TO_COORDINATORS);
      }
    }
    return access;
  }

  /** Whose the pathway is: from the read model, or from Temporal before its first recording. */
  private async ownership(
    pathwayId: string,
  ): Promise<{ practitionerId: string; cptsId: string } | undefined> {
    const row = await this.readModel.get(pathwayId);
    if (row) return { practitionerId: row.practitionerId, cptsId: row.cptsId };
    return this.engine.owner(pathwayId);
  }

  /** The live state when the workflow answers; otherwise the read model and the audit log. */
  private async currentView(pathwayId: string): Promise<PathwayView> {
    try {
      const state = await this.engine.state(pathwayId);
      const [people, row, sent] = await Promise.all([
        this.people(state),
        this.readModel.get(pathwayId),
        this.mss.messagesOf(pathwayId),
      ]);
      return viewFromState(state, people, row?.lastSeq ?? 0, sent);
    } catch (error) {
      if (!(error instanceof DomainError) || !['unavailable', 'not_found'].includes(error.code))
        throw error;
      const row = await this.readModel.get(pathwayId);
      if (!row) throw error;
      const audit = await this.auditLog.stream(`pathway:${pathwayId}`);
      return viewFromReadModel(
        row,
        audit,
        await this.people(row),
        await this.mss.messagesOf(pathwayId),
      );
    }
  }

  /** The caller's own pathways and those of the CPTS they coordinate, filtered. */
  async list(query: ListPathwaysQuery, principal: Principal): Promise<Page<PathwayListItem>> {
    const { page, pageSize, ...filter } = query;
    const scope = pathwayScope(principal);
    // The CPTS whose coordinators may read documents — and so patients' names.
    const readable = new Set(
      [...(await this.directory.cptsByIds(scope.cptsIds)).values()]
        .filter((c) => c.coordinatorsReadDocuments)
        .map((c) => c.id),
    );
    // A search by name reaches only the patients whose names the caller may read.
    const searchScope = filter.patient
      ? { ...scope, cptsIds: scope.cptsIds.filter((id) => readable.has(id)) }
      : scope;
    const rows = await this.readModel.list({ ...filter, scope: searchScope }, { page, pageSize });
    const [cpts, practitioners, patients] = await Promise.all([
      this.directory.cptsByIds(rows.items.map((r) => r.cptsId)),
      this.directory.practitionersByIds(rows.items.map((r) => r.practitionerId)),
      this.directory.patientsByIds(rows.items.map((r) => r.patientId)),
    ]);
    return {
      ...rows,
      items: rows.items.map((row) => {
        const item = listItem(row, {
          cpts: cpts.get(row.cptsId),
          practitioner: practitioners.get(row.practitionerId),
          patient: patients.get(row.patientId),
        });
        const ownPatient = row.practitionerId === principal.practitionerId;
        return ownPatient || readable.has(row.cptsId) ? item : withoutPatientTraits(item);
      }),
    };
  }

  async endCare(pathwayId: string, dto: EndCareDto, principal: Principal): Promise<PathwayView> {
    await this.authorize(pathwayId, principal, 'act');
    const actor = actorOf(principal);
    const careEndedOn = dto.careEndedOn ?? parisDay(Date.now());
    await this.engine.update(pathwayId, endCareUpdate, [{ actor, careEndedOn }]);
    return this.currentView(pathwayId);
  }

  async refer(pathwayId: string, dto: ReferDto, principal: Principal): Promise<PathwayView> {
    await this.authorize(pathwayId, principal, 'act');
    const actor = actorOf(principal);
    const { name, rpps, specialty } = dto.physician;
    const physician = { name, ...(rpps ? { rpps } : {}), ...(specialty ? { specialty } : {}) };
    await this.engine.update(pathwayId, referUpdate, [{ actor, physician, reason: dto.reason }]);
    return this.currentView(pathwayId);
  }

  async abandon(pathwayId: string, dto: AbandonDto, principal: Principal): Promise<PathwayView> {
    await this.authorize(pathwayId, principal, 'act');
    const actor = actorOf(principal);
    await this.engine.update(pathwayId, abandonUpdate, [{ actor, reason: dto.reason }]);
    return this.currentView(pathwayId);
  }

  async changeMedecinTraitant(
    pathwayId: string,
    dto: ChangeMedecinTraitantDto,
    principal: Principal,
  ): Promise<PathwayView> {
    await this.authorize(pathwayId, principal, 'act');
    const actor = actorOf(principal);
    await this.engine.update(pathwayId, changeMedecinTraitantUpdate, [
      { actor, medecinTraitant: medecinTraitant(dto.medecinTraitant, 'medecinTraitant') },
    ]);
    return this.currentView(pathwayId);
  }

  async recordDmpAuthorization(pathwayId: string, principal: Principal): Promise<PathwayView> {
    await this.authorize(pathwayId, principal, 'act');
    const actor = actorOf(principal);
    await this.engine.update(pathwayId, recordDmpAuthorizationUpdate, [{ actor }]);
    return this.currentView(pathwayId);
  }

  async retryDmpFiling(
    pathwayId: string,
    dto: RetryDmpFilingDto,
    principal: Principal,
  ): Promise<PathwayView> {
    await this.authorize(pathwayId, principal, 'act');
    const actor = actorOf(principal);
    await this.engine.update(pathwayId, retryDmpFilingUpdate, [
      { actor, documentKind: dto.documentKind },
    ]);
    return this.currentView(pathwayId);
  }

  /**
   * TD0.9: a link that opens the patient's DMP in the DMP's web portal for the
   * pathway's practitioner, without logging in again. Short-lived; it names the
   * patient, so it is given to the browser and never logged.
   */
  async dmpWebAccess(
    pathwayId: string,
    principal: Principal,
  ): Promise<{ url: string; expiresInSeconds: number }> {
    await this.authorize(pathwayId, principal, 'act');
    const view = await this.currentView(pathwayId);
    const [patient, practitioner, situation] = await Promise.all([
      this.directory.patient(view.patient.id),
      this.directory.practitioner(view.practitioner.id),
      this.situations.current(view.practitioner.id),
    ]);
    const dmpPatient = patient && dmpPatientOf(patient);
    if (!dmpPatient) {
      throw new DomainError(
        'conflict',
        "the patient's identity is not a qualified INS: their DMP cannot be opened",
      );
    }
    const author = dmpAuthorOf(practitioner, situation?.situation);
    if (!author)
      throw new DomainError('conflict', "the practitioner's structure of exercise is not set");
    return { url: this.dmp.webAccessUrl(author, dmpPatient), expiresInSeconds: 120 };
  }

  async changeConsent(
    pathwayId: string,
    dto: ChangeConsentDto,
    principal: Principal,
  ): Promise<PathwayView> {
    await this.authorize(pathwayId, principal, 'act');
    const actor = actorOf(principal);
    await this.engine.update(pathwayId, changeConsentUpdate, [
      { actor, consentementDmp: dto.consentementDmp },
    ]);
    return this.currentView(pathwayId);
  }

  private async people(ids: { cptsId: string; practitionerId: string; patientId: string }) {
    const [cpts, practitioner, patient] = await Promise.all([
      this.directory.cpts(ids.cptsId),
      this.directory.practitioner(ids.practitionerId),
      this.directory.patient(ids.patientId),
    ]);
    return { cpts, practitioner, patient };
  }
}

function medecinTraitant(dto: MedecinTraitantDto, field = 'medecinTraitant'): MedecinTraitant {
  if (!dto.declared) {
    const extra = (['rpps', 'name', 'mssAddress'] as const).filter((key) => dto[key] !== undefined);
    if (extra.length > 0) {
      throw DomainError.invalid(`${field}.${extra[0]}`, 'must be absent when declared is false');
    }
    return { declared: false };
  }
  return {
    declared: true,
    rpps: dto.rpps as string,
    name: dto.name as string,
    ...(dto.mssAddress ? { mssAddress: dto.mssAddress } : {}),
  };
}

function forbidden(reason: string): DomainError {
  return new DomainError('forbidden', reason, [{ field: 'practitionerId', problem: reason }]);
}
