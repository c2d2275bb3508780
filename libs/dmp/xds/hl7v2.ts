import { DmpError } from '../errors';
import { insProblem } from '../ins';
import type { DmpAuthor, DmpPatient, HealthcareStructure } from '../model';

/**
 * The HL7 v2 datatypes XDS uses in its string metadata (ITI TF-3 §4.2.3.1.7):
 * CX for patient ids, XCN for people, XON for organisations, and the PID
 * fields of sourcePatientInfo.
 */

/** idNat_PS, the national id of health professionals ("8" + RPPS). */
export const ID_NAT_PS_OID = '1.2.250.1.71.4.2.1';
/** idNat_Struct, the national id of structures ("1" + FINESS, "3" + SIRET, "4" + RPPS-rang…). */
export const ID_NAT_STRUCT_OID = '1.2.250.1.71.4.2.2';

/** Refuses, before anything is sent, an identity that may not name a patient in the DMP. */
export function assertQualifiedIns(ins: DmpPatient['ins']): void {
  const problem = insProblem(ins);
  if (problem) throw new DmpError('IDENTITY_NOT_QUALIFIED', `not a qualified INS: ${problem}`);
}

const HL7_ESCAPES: Record<string, string> = {
  '\\': '\\E\\',
  '|': '\\F\\',
  '^': '\\S\\',
  '&': '\\T\\',
  '~': '\\R\\',
};

/** Escapes the HL7 delimiters so that a name with "^" or "&" cannot shift components. */
export function escapeHl7(value: string): string {
  return value.replace(/[\\|^&~]/g, (c) => HL7_ESCAPES[c] ?? c);
}

export function unescapeHl7(value: string): string {
  return value.replace(/\\([EFSTR])\\/g, (_, c: string) => {
    const found = Object.entries(HL7_ESCAPES).find(([, escaped]) => escaped === `\\${c}\\`);
    return found ? found[0] : c;
  });
}

/** An ISO assigning authority as HD: "&OID&ISO". */
const isoAuthority = (oid: string): string => `&${oid}&ISO`;

/** The INS as a CX: "matricule^^^&OID&ISO^NH" (the VIHF resource-id uses the same form). */
export function insCx(ins: DmpPatient['ins']): string {
  return `${escapeHl7(ins.matricule)}^^^${isoAuthority(ins.oid)}^NH`;
}

export interface Cx {
  id: string;
  /** The OID of the assigning authority (CX.4.2), when it is an ISO one. */
  authorityOid?: string;
  /** CX.5, e.g. NH for a national health number. */
  idType?: string;
}

export function parseCx(value: string): Cx | undefined {
  const components = value.split('^');
  const id = unescapeHl7(components[0] ?? '');
  if (!id) return undefined;
  const [, oid, type] = (components[3] ?? '').split('&');
  return {
    id,
    authorityOid: type === 'ISO' && oid ? oid : undefined,
    idType: components[4] || undefined,
  };
}

/**
 * A health professional as an XCN (CI-SIS): "8RPPS^family^given^^^^^^&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS".
 * D is the name type (display), IDNPS the identifier type of idNat_PS.
 */
export function professionalXcn(author: DmpAuthor): string {
  return [
    `8${author.rpps}`,
    escapeHl7(author.familyName),
    escapeHl7(author.givenNames),
    '',
    '',
    '',
    '',
    '',
    isoAuthority(ID_NAT_PS_OID),
    'D',
    '',
    '',
    'IDNPS',
  ].join('^');
}

export interface Xcn {
  id: string;
  familyName: string;
  givenName: string;
  authorityOid?: string;
  idType?: string;
}

export function parseXcn(value: string): Xcn | undefined {
  const c = value.split('^');
  const id = unescapeHl7(c[0] ?? '');
  if (!id) return undefined;
  const [, oid, type] = (c[8] ?? '').split('&');
  return {
    id,
    familyName: unescapeHl7(c[1] ?? ''),
    givenName: unescapeHl7(c[2] ?? ''),
    authorityOid: type === 'ISO' && oid ? oid : undefined,
    idType: c[12] || undefined,
  };
}

/** A structure as an XON (CI-SIS): "name^^^^^&1.2.250.1.71.4.2.2&ISO^IDNST^^^idNatStruct". */
export function structureXon(structure: HealthcareStructure): string {
  return [
    escapeHl7(structure.name),
    '',
    '',
    '',
    '',
    isoAuthority(ID_NAT_STRUCT_OID),
    'IDNST',
    '',
    '',
    escapeHl7(structure.idNatStruct),
  ].join('^');
}

/**
 * sourcePatientInfo values ("PID-n|value"): the INS (PID-3), the names (PID-5:
 * birth name with type L, used name with type D, as IHE PAM France does), birth
 * date (PID-7, as read, lunar dates included) and administrative sex (PID-8).
 */
export function sourcePatientInfo(patient: DmpPatient): string[] {
  const first = escapeHl7(patient.firstNames[0] ?? '');
  const all = escapeHl7(patient.firstNames.join(' '));
  const names = [`PID-5|${escapeHl7(patient.birthFamilyName)}^${first}^${all}^^^^L`];
  if (patient.usedFamilyName && patient.usedFamilyName !== patient.birthFamilyName) {
    names.push(`PID-5|${escapeHl7(patient.usedFamilyName)}^${first}^^^^^D`);
  }
  return [
    `PID-3|${insCx(patient.ins)}`,
    ...names,
    `PID-7|${patient.birthDate}`,
    `PID-8|${patient.sex}`,
  ];
}
