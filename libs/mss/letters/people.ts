/** The patient as a letter names them: identity traits and, when known, the INS. */
export interface LetterPatient {
  birthFamilyName: string;
  firstName: string;
  usedFamilyName?: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  sex: 'M' | 'F' | 'I';
  /** Matricule INS and whether the identity is qualified (only then is it a reliable identifier). */
  ins?: { matricule: string; qualified: boolean };
}

/** The orthophoniste who writes. */
export interface LetterPractitioner {
  name: string;
  rpps: string;
  profession: string;
  mssAddress: string;
  structureName?: string;
  cptsName?: string;
}

/** "DUPONT Marie" (birth name first, upper case, as on identity documents and in CDA headers). */
export function patientName(patient: LetterPatient): string {
  const used =
    patient.usedFamilyName && patient.usedFamilyName !== patient.birthFamilyName
      ? ` (${patient.usedFamilyName.toUpperCase()})`
      : '';
  return `${patient.birthFamilyName.toUpperCase()}${used} ${patient.firstName}`;
}

export function bornOn(patient: LetterPatient): string {
  return patient.sex === 'F' ? 'née le' : patient.sex === 'M' ? 'né le' : 'né(e) le';
}

/** "279035121518989 (INS qualifiée)", or why there is none. */
export function insLine(patient: LetterPatient): string {
  if (!patient.ins) return 'non renseignée';
  return `${patient.ins.matricule} (${patient.ins.qualified ? 'INS qualifiée' : 'identité non qualifiée'})`;
}
