import type { DmpAuthor, DmpPatient } from '@app/dmp';
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

export function dmpAuthorOf(practitioner: PractitionerRow | undefined): DmpAuthor | undefined {
  if (!practitioner) return undefined;
  const { structureIdNat, structureName, facilityTypeCode, practiceSettingCode } = practitioner;
  if (!structureIdNat || !structureName || !facilityTypeCode || !practiceSettingCode)
    return undefined;
  return {
    rpps: practitioner.rpps,
    familyName: practitioner.familyName,
    givenNames: practitioner.givenNames,
    // TRE_G15 profession 91 (orthophoniste) is G15_91 in the CI-SIS author specialties.
    specialtyCode: `G15_${practitioner.professionCode}`,
    professionCode: practitioner.professionCode,
    structure: {
      idNatStruct: structureIdNat,
      name: structureName,
      facilityTypeCode,
      practiceSettingCode,
    },
  };
}
