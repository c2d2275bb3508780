import { Injectable } from '@nestjs/common';
import type { DmpAuthor, DmpPatient } from '@app/dmp';
import { Directory, type PatientRow, SituationStore } from '@app/persistence';
import { dmpAuthorOf, dmpPatientOf } from './dmp-identities';

/** The two people of a DMP transaction: the practitioner as author (VIHF subject) and the patient. */
export interface DmpParties {
  author: DmpAuthor;
  patient: DmpPatient;
  patientRow: PatientRow;
}

/** Why the DMP cannot be asked for this patient by this practitioner, for a person to read. */
export interface DmpPartiesProblem {
  problem: 'identity' | 'structure' | 'unknown';
  reason: string;
}

/**
 * Reads, from PostgreSQL, who asks the DMP and about whom: only a qualified
 * INS may be named in a DMP transaction, and the practitioner's structure of
 * exercise is part of every VIHF. Shared by the API's DMP reads and the
 * worker's alerts.
 */
@Injectable()
export class DmpPartiesReader {
  constructor(
    private readonly directory: Directory,
    private readonly situations: SituationStore,
  ) {}

  async of(practitionerId: string, patientId: string): Promise<DmpParties | DmpPartiesProblem> {
    const [patientRow, practitioner, situation] = await Promise.all([
      this.directory.patient(patientId),
      this.directory.practitioner(practitionerId),
      this.situations.current(practitionerId),
    ]);
    if (!patientRow || !practitioner) {
      return { problem: 'unknown', reason: 'the patient or the practitioner no longer exists' };
    }
    const patient = dmpPatientOf(patientRow);
    if (!patient) {
      return {
        problem: 'identity',
        reason: `the patient's identity is not a qualified INS (${patientRow.identityStatus}): their DMP cannot be reached`,
      };
    }
    const author = dmpAuthorOf(practitioner, situation?.situation);
    if (!author) {
      return {
        problem: 'structure',
        reason: "the practitioner's structure of exercise is not set (every DMP request names it)",
      };
    }
    return { author, patient, patientRow };
  }
}

export function isDmpPartiesProblem(
  value: DmpParties | DmpPartiesProblem,
): value is DmpPartiesProblem {
  return 'problem' in value;
}
