import type { SituationExercice } from '@app/domain';
import type { LetterPatient, LetterPractitioner } from '@app/mss';
import type { CptsRow, PatientRow, PractitionerRow } from '@app/persistence';

/** Engine rows in the terms of MSSanté letters. */

export function letterPatientOf(patient: PatientRow): LetterPatient {
  return {
    birthFamilyName: patient.birthFamilyName,
    firstName: patient.firstNames.split(/\s+/)[0] ?? patient.firstNames,
    ...(patient.usedFamilyName ? { usedFamilyName: patient.usedFamilyName } : {}),
    birthDate: patient.birthDate,
    sex: patient.sex,
    ...(patient.insMatricule
      ? { ins: { matricule: patient.insMatricule, qualified: patient.identityStatus === 'QUAL' } }
      : {}),
  };
}

export function letterPractitionerOf(
  practitioner: PractitionerRow,
  cpts: CptsRow | undefined,
  engineAddress: string,
  situation?: SituationExercice,
): LetterPractitioner {
  // The structure of the situation of exercise, as in the documents; the record's otherwise.
  const structureName = situation?.structure.name ?? practitioner.structureName;
  return {
    name: `${practitioner.givenNames} ${practitioner.familyName.toUpperCase()}`,
    rpps: practitioner.rpps,
    // TRE_G15: 91 is orthophoniste, the profession accès direct is about here.
    profession: practitioner.professionCode === '91' ? 'Orthophoniste' : 'Professionnel de santé',
    // Replies reach the practitioner's own mailbox when they have one.
    mssAddress: practitioner.mssAddress ?? engineAddress,
    ...(structureName ? { structureName } : {}),
    ...(cpts ? { cptsName: cpts.name } : {}),
  };
}

/** A file name any mail client shows as is: ASCII, no path, the right extension kept. */
export function attachmentName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? 'document';
  const ascii = base
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return ascii || 'document';
}
