/**
 * What the CI-SIS "structuration minimale" header fixes for every document,
 * as in the official level-1 example (DOC_NON_STRUCTURE_CDA-R2-N1.xml) and its
 * schematron (ASIP-STRUCT-MIN-StrucMin). The builder writes these and the
 * validator expects them, from this one place.
 */
export const HL7_NAMESPACE = 'urn:hl7-org:v3';

export const CDA_TYPE_ID = { root: '2.16.840.1.113883.1.3', extension: 'POCD_HD000040' } as const;

export const CDA_TEMPLATE_IDS = {
  hl7France: '2.16.840.1.113883.2.8.2.1',
  ciSis: '1.2.250.1.213.1.1.1.1',
  iheXdsSd: '1.3.6.1.4.1.19376.1.2.20',
} as const;

export const REALM_CODE = 'FR';
export const LANGUAGE_CODE = 'fr-FR';

/** idNat_PS, national id of a health professional ("8" + RPPS). */
export const ID_NAT_PS_ROOT = '1.2.250.1.71.4.2.1';
/** idNat_Struct, national id of a structure. */
export const ID_NAT_STRUCT_ROOT = '1.2.250.1.71.4.2.2';
/** The DMP itself as custodian (patient's own documents, SNR); never ours. */
export const DMP_CUSTODIAN_ROOT = '1.2.250.1.213.4.1';

export const LOINC_SYSTEM = '2.16.840.1.113883.6.1';
export const HL7_CONFIDENTIALITY_SYSTEM = '2.16.840.1.113883.5.25';
export const NORMAL_CONFIDENTIALITY = 'N';

/** The nullFlavors a CI-SIS header element may carry. */
export const HEADER_NULL_FLAVORS: readonly string[] = ['UNK', 'NASK', 'ASKU', 'NAV', 'MSK'];
/** Data the engine never asks for (addresses, phone numbers). */
export const NOT_ASKED = 'NASK';

/**
 * An OID as XDS needs one for uniqueId and setId: dotted numbers without
 * leading zeros. 64 characters at most: the UID limit (DICOM, HL7 v2) that
 * registries commonly hold OID uniqueIds to; XDS itself allows up to 128
 * bytes, so this errs on the safe side for ids the engine makes itself.
 */
const OID = /^[0-2](?:\.(?:0|[1-9]\d*))+$/;
export const MAX_OID_LENGTH = 64;

export function isOid(value: string): boolean {
  return OID.test(value) && value.length <= MAX_OID_LENGTH;
}

/** Human-readable code system names the official example writes. */
export function codeSystemName(codeSystem: string): string | undefined {
  if (codeSystem === LOINC_SYSTEM) return 'LOINC';
  if (codeSystem === HL7_CONFIDENTIALITY_SYSTEM) return 'Confidentiality';
  return undefined;
}
