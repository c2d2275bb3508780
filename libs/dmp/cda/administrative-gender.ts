import type { CodedValue, DmpPatient } from '../model';

/**
 * administrativeGenderCode for the INS sex trait, from JDV_J143
 * AdministrativeGender CI-SIS (1.2.250.1.213.1.1.5.590), the set the
 * structuration-minimale schematron checks. Its "unknown" is UN, not the U
 * the model uses. The set is not among libs/dmp/conformance's copies, so its
 * three concepts are written here; cda/administrative-gender.spec.ts compares
 * them with the shared official file.
 */
export const ADMINISTRATIVE_GENDER_SYSTEM = '2.16.840.1.113883.5.1';

export const ADMINISTRATIVE_GENDER: Readonly<Record<DmpPatient['sex'], CodedValue>> = {
  F: { code: 'F', codeSystem: ADMINISTRATIVE_GENDER_SYSTEM, displayName: 'Féminin' },
  M: { code: 'M', codeSystem: ADMINISTRATIVE_GENDER_SYSTEM, displayName: 'Masculin' },
  U: { code: 'UN', codeSystem: ADMINISTRATIVE_GENDER_SYSTEM, displayName: 'Inconnu' },
};

export function isAdministrativeGender(code: string, codeSystem: string): boolean {
  return Object.values(ADMINISTRATIVE_GENDER).some(
    (c) => c.code === code && c.codeSystem === codeSystem,
  );
}
