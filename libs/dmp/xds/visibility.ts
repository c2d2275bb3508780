import { DmpError } from '../errors';
import type { CodedValue, DmpVisibility } from '../model';
import { VALUE_SETS, type ValueSets } from '../value-sets';

/**
 * DmpVisibility ⇄ XDS confidentialityCode occurrences (facts.md §1.5, JDV_J58 /
 * J08): the first occurrence is the HL7 confidentiality "N" (the CDA's own
 * confidentialityCode), each masking choice adds a TRE_A07 code
 * (1.2.250.1.213.1.1.4.13). All of them are taken from J08.
 */
export const VISIBILITY_CODE_SYSTEM = '1.2.250.1.213.1.1.4.13';
export const HL7_CONFIDENTIALITY_CODE_SYSTEM = '2.16.840.1.113883.5.25';

/** The TRE_A07 code of each masking choice, in the order the occurrences are written. */
export const MASK_CODES: Readonly<Record<keyof DmpVisibility, string>> = {
  hiddenFromPatient: 'INVISIBLE_PATIENT',
  hiddenFromProfessionals: 'MASQUE_PS',
  hiddenFromLegalRepresentatives: 'INVISIBLE_REPRESENTANTS_LEGAUX',
};
const MASKS = Object.entries(MASK_CODES) as [keyof DmpVisibility, string][];

/**
 * Why the DMP refuses a visibility, or undefined when it accepts it.
 *
 * "Masqué aux professionnels de santé" is, on the DMP form, what the patient
 * asks for: the document stays visible to the patient, its author and the
 * patient's médecin traitant DMP, and nobody else (seed webinar, DMP web-PS
 * "Ajout du document" screen). "Non visible par le patient" is the opposite
 * case: the professional holds the document back until the patient has been
 * told (facts.md §1.5, TRE_A07). Together they would hide a document, at the
 * patient's request, from the very patient who cannot know it exists, leaving
 * it to its author and the médecin traitant DMP. No public DMP text states the rule (the integration
 * guide SEL-MP-037 is not public, and DmpConnect exposes the flags as
 * combinable bits), so the refusal rests on the form's meaning: check it
 * against the guide at homologation.
 * INVISIBLE_REPRESENTANTS_LEGAUX combines with either: it only narrows who, on
 * the patient's side, may read.
 */
export function forbiddenVisibilityReason(visibility: DmpVisibility): string | undefined {
  if (visibility.hiddenFromPatient && visibility.hiddenFromProfessionals) {
    return 'a document cannot be both invisible to the patient and masked from professionals';
  }
  return undefined;
}

export function assertAllowedVisibility(visibility: DmpVisibility): void {
  const reason = forbiddenVisibilityReason(visibility);
  if (reason) throw new DmpError('FORBIDDEN_VISIBILITY', reason);
}

/** The confidentialityCode occurrences of a filing, in order: N, then one per mask. */
export function confidentialityCodesFor(
  visibility: DmpVisibility,
  valueSets: ValueSets,
): CodedValue[] {
  assertAllowedVisibility(visibility);
  return [
    valueSets.concept(VALUE_SETS.confidentiality, 'N', HL7_CONFIDENTIALITY_CODE_SYSTEM),
    ...MASKS.filter(([flag]) => visibility[flag]).map(([, code]) =>
      valueSets.concept(VALUE_SETS.confidentiality, code, VISIBILITY_CODE_SYSTEM),
    ),
  ];
}

/**
 * The visibility that confidentialityCode occurrences express. The HL7 levels
 * (N, R, V) say nothing about masking and are skipped; a forbidden combination
 * is refused as it would be on the way out.
 */
export function visibilityFromConfidentialityCodes(
  codes: readonly Pick<CodedValue, 'code' | 'codeSystem'>[],
): DmpVisibility {
  const has = (code: string): boolean =>
    codes.some((c) => c.code === code && c.codeSystem === VISIBILITY_CODE_SYSTEM);
  const visibility: DmpVisibility = {
    hiddenFromPatient: has(MASK_CODES.hiddenFromPatient),
    hiddenFromProfessionals: has(MASK_CODES.hiddenFromProfessionals),
    hiddenFromLegalRepresentatives: has(MASK_CODES.hiddenFromLegalRepresentatives),
  };
  assertAllowedVisibility(visibility);
  return visibility;
}
