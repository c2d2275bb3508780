import type { DmpAuthor, DmpPatient } from '@app/dmp';
import {
  FACILITY_TYPE_OF_STRUCTURE,
  PRACTICE_SETTING_OF_CADRE,
  type SituationExercice,
} from '@app/domain';
import type { PatientRow, PractitionerRow } from '@app/persistence';

/** Patients and practitioners of the engine, in the DMP's terms. */

/** Only a qualified INS may be written in a DMP. */
export function dmpPatientOf(patient: PatientRow): DmpPatient | undefined {
  if (patient.identityStatus !== 'QUAL' || !patient.insMatricule || !patient.insOid)
    return undefined;
  return {
    ins: { matricule: patient.insMatricule, oid: patient.insOid },
    birthFamilyName: patient.birthFamilyName,
    firstNames: patient.firstNames.split(/\s+/).filter(Boolean),
    ...(patient.usedFamilyName ? { usedFamilyName: patient.usedFamilyName } : {}),
    birthDate: patient.birthDate.replace(/-/g, ''),
    sex: patient.sex === 'I' ? 'U' : patient.sex,
    ...(patient.birthPlaceCode ? { birthPlaceCode: patient.birthPlaceCode } : {}),
  };
}

export function dmpAuthorOf(
  practitioner: PractitionerRow | undefined,
  situation?: SituationExercice,
): DmpAuthor | undefined {
  if (!practitioner) return undefined;
  const structure = authorStructureOf(practitioner, situation);
  if (!structure) return undefined;
  return {
    rpps: practitioner.rpps,
    familyName: practitioner.familyName,
    givenNames: practitioner.givenNames,
    // TRE_G15 profession 91 (orthophoniste) is G15_91 in the CI-SIS author specialties.
    specialtyCode: `G15_${practitioner.professionCode}`,
    professionCode: practitioner.professionCode,
    structure,
  };
}

/**
 * The structure a document is written in: the one of the practitioner's
 * situation of exercise (declared at first connection) when it names its
 * national id, otherwise the one of their record. The record's facility type
 * is kept when it is the same structure (it may be finer: a cabinet de groupe).
 */
export function authorStructureOf(
  practitioner: PractitionerRow,
  situation?: SituationExercice,
): DmpAuthor['structure'] | undefined {
  const declared = situation?.structure;
  if (declared?.idNat) {
    const sameAsRecord = practitioner.structureIdNat === declared.idNat;
    return {
      idNatStruct: declared.idNat,
      name: declared.name,
      facilityTypeCode:
        (sameAsRecord ? practitioner.facilityTypeCode : null) ??
        FACILITY_TYPE_OF_STRUCTURE[declared.kind],
      practiceSettingCode: PRACTICE_SETTING_OF_CADRE[(situation as SituationExercice).cadre],
    };
  }
  const { structureIdNat, structureName, facilityTypeCode, practiceSettingCode } = practitioner;
  if (!structureIdNat || !structureName || !facilityTypeCode || !practiceSettingCode)
    return undefined;
  return {
    idNatStruct: structureIdNat,
    name: structureName,
    facilityTypeCode,
    practiceSettingCode,
  };
}
