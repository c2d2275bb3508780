import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/domain';
import { InsiClient, InsiError, type InsiOutcome, type InsiSearchTraits } from '@app/insi';
import { AuditLog, Directory, type PatientRow, PatientSchema } from '@app/persistence';
import {
  type ApcvIdentityRead,
  type Identity,
  type IdentityProblem,
  type TraitMismatch,
  type VitaleBeneficiary,
  type VitaleCardRead,
  apcvCandidate,
  applyInsiAnswer,
  parseMatricule,
  provisionalIdentity,
  parseIns,
  recordDocumentCheck,
  rnivStatus,
  vitaleCandidates,
} from '@app/readers';
import { ENGINE_RUNTIME, type EngineRuntime } from '../../shared/engine-runtime';
import { pathwayScope } from '../auth/access';
import { type Principal, actorOf } from '../auth/principal';
import type {
  IdentifyPatientDto,
  IdentityDocumentDto,
  TraitsDto,
} from './patient-identification.dto';
import { type PatientView, patientView } from './patient.view';

/** Where the identification started: the identity read, and what INSi is asked with. */
interface Candidate {
  identity: Identity;
  /** A card: INSi is searched with the card's key, not with traits. */
  vitaleKey?: { nir: string; birthDate: string; twinRank: string; beneficiaryNir?: string };
  /** An INS typed in or shown by the appli carte Vitale: INSi's answer must be this one. */
  expectedMatricule?: string;
  warnings: string[];
}

export interface IdentificationAnswer {
  patient: PatientView;
  /** INSi's answer (code 00 one identity, 01 none, 02 several) and the request's id, for the record. */
  insi: { code: string; label: string; messageId: string };
  /** Why the identity stays provisional (INSi found no one, or several), if it does. */
  problems: IdentityProblem[];
  /** What the practitioner should check by hand (a card's single first name…). */
  warnings: string[];
}

/**
 * Patient identification (RNIV): the identity read from a Carte Vitale, the
 * appli carte Vitale, a typed-in INS or typed-in traits, retrieved from INSi
 * (the only source of an INS), then validated by a high-trust document the
 * practitioner checked. A mismatch between the identity read and INSi's
 * blocks: it may be another person, and nothing is recorded. Each step goes
 * to the patient's audit stream; only the identification's facts, never the
 * traits, are written there.
 */
@Injectable()
export class PatientIdentification {
  private readonly insi: InsiClient | undefined;

  constructor(
    @Inject(ENGINE_RUNTIME) runtime: EngineRuntime,
    private readonly directory: Directory,
    private readonly audit: AuditLog,
    private readonly dataSource: DataSource,
  ) {
    this.insi = runtime.insi ? new InsiClient(runtime.insi) : undefined;
  }

  async identify(dto: IdentifyPatientDto, principal: Principal): Promise<IdentificationAnswer> {
    if (!principal.practitionerId) {
      throw new DomainError(
        'forbidden',
        'patients are identified by the practitioners who see them',
      );
    }
    const candidate = candidateOf(dto);
    const result = await this.askInsi(candidate);
    const transition = applyInsiAnswer(candidate.identity, result);
    if (!transition.ok && transition.mismatches.length > 0) {
      throw mismatch(transition.mismatches);
    }
    if (
      transition.ok &&
      candidate.expectedMatricule &&
      transition.identity.ins?.matricule !== candidate.expectedMatricule
    ) {
      throw new DomainError(
        'conflict',
        'INSi gives another INS for these traits than the one given: check the matricule and the traits on an identity document',
        [{ field: 'matricule', problem: 'is not the INS INSi gives for these traits' }],
      );
    }
    const identity = transition.ok ? transition.identity : candidate.identity;
    const patient = await this.record(identity, principal, {
      type: 'patient_identified',
      payload: {
        source: dto.source,
        insiCode: result.code,
        insiMessageId: result.messageId,
      },
    });
    return {
      patient: patientView(patient),
      insi: { code: result.code, label: result.label, messageId: result.messageId },
      problems: transition.ok ? [] : transition.problems,
      warnings: candidate.warnings,
    };
  }

  /** A high-trust document checked: PROV → VALI, RECUP → QUAL; traits read on it must match. */
  async recordDocument(
    patientId: string,
    dto: IdentityDocumentDto,
    principal: Principal,
  ): Promise<PatientView> {
    if (!principal.practitionerId) {
      throw new DomainError(
        'forbidden',
        'identity documents are checked by the practitioners who see the patient',
      );
    }
    const patient = await this.visible(patientId, principal);
    const transition = recordDocumentCheck(identityOf(patient), {
      document: dto.document,
      checkedOn: dto.checkedOn,
      ...(dto.documentTraits ? { documentTraits: traitsInput(dto.documentTraits) } : {}),
    });
    if (!transition.ok) {
      if (transition.mismatches.length > 0) throw mismatch(transition.mismatches);
      throw DomainError.invalidFields(transition.problems);
    }
    const saved = await this.record(
      transition.identity,
      principal,
      {
        type: 'identity_document_checked',
        payload: { document: dto.document, checkedOn: dto.checkedOn },
      },
      patient,
    );
    return patientView(saved);
  }

  async get(patientId: string, principal: Principal): Promise<PatientView> {
    return patientView(await this.visible(patientId, principal));
  }

  /** A patient the caller may see (identified by them, or in their pathways); otherwise not found. */
  private async visible(patientId: string, principal: Principal): Promise<PatientRow> {
    const scope = pathwayScope(principal);
    const patient = await this.directory.patient(patientId);
    if (!patient || !(await this.directory.patientInScope(patientId, scope, principal.idNatPs))) {
      throw DomainError.notFound('patient', patientId);
    }
    return patient;
  }

  private async askInsi(candidate: Candidate): Promise<InsiOutcome> {
    if (!this.insi) throw new DomainError('unavailable', 'INSi is not configured');
    try {
      if (candidate.vitaleKey) return await this.insi.searchByVitale(candidate.vitaleKey);
      return (await this.insi.retrieveIns(searchTraits(candidate.identity))).result;
    } catch (error) {
      if (!(error instanceof InsiError)) throw error;
      if (error.code === 'INVALID_REQUEST') {
        throw new DomainError(
          'invalid',
          `INSi cannot be asked with these traits: ${error.message}`,
        );
      }
      throw new DomainError('unavailable', `INSi did not answer (${error.code}): ${error.message}`);
    }
  }

  /**
   * Saves the identity: onto the patient already recorded under its INS (or
   * with exactly its traits, without INS), otherwise as a new patient. The
   * status follows from the facts: INS retrieved, document checked.
   */
  private async record(
    identity: Identity,
    principal: Principal,
    event: { type: string; payload: Record<string, unknown> },
    known?: PatientRow,
  ): Promise<PatientRow> {
    const traits = identity.traits;
    const firstNames = traits.firstNames.join(' ');
    const birthDate = dashed(traits.birthDate.value);
    const sex: PatientRow['sex'] = traits.sex ?? 'I';
    const existing =
      known ??
      (identity.ins
        ? await this.directory.patientByIns(identity.ins.matricule)
        : await this.directory.provisionalPatientByTraits({
            birthFamilyName: traits.birthFamilyName,
            firstNames,
            birthDate,
            sex,
          }));
    const documentCheck =
      identity.documentCheck ??
      (existing?.identityDocument && existing.identityDocumentCheckedOn
        ? { document: existing.identityDocument, checkedOn: existing.identityDocumentCheckedOn }
        : undefined);
    const row = {
      id: existing?.id ?? randomUUID(),
      insMatricule: identity.ins?.matricule ?? existing?.insMatricule ?? null,
      insOid: identity.ins?.oid ?? existing?.insOid ?? null,
      identityStatus: rnivStatus(
        identity.ins !== undefined || (existing?.insMatricule ?? null) !== null,
        // A record validated before the engine kept document checks (an import) stays validated.
        documentCheck !== undefined ||
          existing?.identityStatus === 'VALI' ||
          existing?.identityStatus === 'QUAL',
      ),
      birthFamilyName: traits.birthFamilyName,
      firstNames,
      usedFamilyName: identity.usedFamilyName ?? existing?.usedFamilyName ?? null,
      birthDate,
      sex,
      birthPlaceCode: traits.birthPlaceCode ?? existing?.birthPlaceCode ?? null,
      identitySource: existing?.identitySource ?? identity.source,
      identityDocument: documentCheck?.document ?? null,
      identityDocumentCheckedOn: documentCheck?.checkedOn ?? null,
    };
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(PatientSchema).upsert(row, ['id']);
      // Whoever identifies the patient sees their identity record from now on (not others' pathways).
      await manager.query(
        `INSERT INTO patient_identifiers (patient_id, id_nat_ps) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [row.id, principal.idNatPs],
      );
      await this.audit.appendNext(manager, {
        eventId: randomUUID(),
        stream: `patient:${row.id}`,
        type: event.type,
        actor: actorOf(principal),
        occurredAt: new Date().toISOString(),
        payload: { ...event.payload, identityStatus: row.identityStatus },
      });
    });
    return (await this.directory.patient(row.id)) as PatientRow;
  }
}

function candidateOf(dto: IdentifyPatientDto): Candidate {
  switch (dto.source) {
    case 'traits':
    case 'ins': {
      const traits = dto.traits as TraitsDto;
      const identity = provisionalIdentity(
        {
          ...traitsInput(traits),
          ...(traits.usedFamilyName ? { usedFamilyName: traits.usedFamilyName } : {}),
        },
        'saisie',
      );
      if (!identity.ok) throw invalid(identity.problems, 'traits');
      if (dto.source === 'traits') return { identity: identity.identity, warnings: [] };
      const matricule = parseMatricule(dto.matricule as string);
      if (!matricule.ok) throw invalid(matricule.problems, 'matricule');
      return {
        identity: identity.identity,
        expectedMatricule: matricule.matricule.value,
        warnings: [],
      };
    }
    case 'vitale': {
      const read = dto.vitale as unknown as VitaleCardRead;
      if (typeof read.NIR !== 'string' || !Array.isArray(read.lstDonneesBeneficiaire)) {
        throw DomainError.invalid(
          'vitale',
          'must be a card read with NIR and lstDonneesBeneficiaire',
        );
      }
      const index = dto.beneficiary as number;
      const beneficiaries: readonly VitaleBeneficiary[] = read.lstDonneesBeneficiaire;
      const beneficiary = beneficiaries[index] as VitaleBeneficiary | undefined;
      if (!beneficiary) {
        throw DomainError.invalid('beneficiary', `the card has no beneficiary ${index}`);
      }
      // The practitioner picked this beneficiary: the card's other people are not looked at.
      const { candidates, problems } = vitaleCandidates({
        ...read,
        lstDonneesBeneficiaire: [beneficiary],
      });
      const [chosen] = candidates;
      if (!chosen) throw invalid(problems, 'vitale');
      return {
        identity: chosen.identity,
        vitaleKey: {
          ...chosen.insiKey,
          ...(chosen.certifiedNir ? { beneficiaryNir: chosen.certifiedNir } : {}),
        },
        warnings: chosen.warnings,
      };
    }
    case 'apcv': {
      const result = apcvCandidate(dto.apcv as unknown as ApcvIdentityRead);
      if (!result.ok) throw invalid(result.problems, 'apcv');
      const { candidate } = result;
      if (!candidate.identity.traits.sex) {
        throw DomainError.invalid('apcv.sexe', 'is needed to search INSi');
      }
      return {
        identity: candidate.identity,
        ...(candidate.declaredIns ? { expectedMatricule: candidate.declaredIns.matricule } : {}),
        warnings: candidate.warnings,
      };
    }
  }
}

function traitsInput(traits: TraitsDto) {
  return {
    birthFamilyName: traits.birthFamilyName,
    firstNames: traits.firstNames,
    birthDate: traits.birthDate,
    sex: traits.sex,
    ...(traits.birthPlaceCode ? { birthPlaceCode: traits.birthPlaceCode } : {}),
  };
}

/** INSi's search traits of an identity whose sex is known. */
function searchTraits(identity: Identity): InsiSearchTraits {
  const { traits } = identity;
  return {
    birthFamilyName: traits.birthFamilyName,
    firstNames: traits.firstNames,
    sex: traits.sex as string,
    birthDate: traits.birthDate.value,
    ...(traits.birthPlaceCode ? { birthPlaceCode: traits.birthPlaceCode } : {}),
  };
}

/** A stored patient as the identity model sees it. */
function identityOf(patient: PatientRow): Identity {
  const identity = provisionalIdentity(
    {
      birthFamilyName: patient.birthFamilyName,
      firstNames: patient.firstNames,
      birthDate: patient.birthDate,
      ...(patient.sex !== 'I' ? { sex: patient.sex } : {}),
      ...(patient.birthPlaceCode ? { birthPlaceCode: patient.birthPlaceCode } : {}),
    },
    patient.identitySource ?? 'saisie',
  );
  if (!identity.ok) throw new Error(`patient ${patient.id}: stored traits do not parse`);
  const ins =
    patient.insMatricule && patient.insOid
      ? parseIns({ matricule: patient.insMatricule, oid: patient.insOid })
      : undefined;
  return {
    ...identity.identity,
    status: patient.identityStatus,
    ...(ins?.ok ? { ins: ins.ins } : {}),
    ...(patient.identityDocument && patient.identityDocumentCheckedOn
      ? {
          documentCheck: {
            document: patient.identityDocument,
            checkedOn: patient.identityDocumentCheckedOn,
          },
        }
      : {}),
  };
}

function mismatch(mismatches: TraitMismatch[]): DomainError {
  return new DomainError(
    'conflict',
    `the identity does not match INSi's (or the document's) on ${mismatches.map((m) => m.field).join(', ')}: it may be another person; nothing was recorded`,
    mismatches.map((m) => ({ field: m.field, problem: m.problem })),
  );
}

function invalid(
  problems: readonly { field: string; problem: string }[],
  prefix: string,
): DomainError {
  return DomainError.invalidFields(
    problems.map((p) => ({ field: `${prefix}.${p.field}`, problem: p.problem })),
  );
}

/** AAAAMMJJ → AAAA-MM-JJ, lunar dates kept as they are. */
function dashed(value: string): string {
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}
