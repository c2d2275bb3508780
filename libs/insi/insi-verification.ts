import { normalizeTrait, parseBirthDate, splitFirstNames, type TraitMismatch } from '@app/readers';
import type { InsiFound, InsiSearchResult, InsiTraits } from './insi-response';
import type { InsiSearchTraits } from './insi-traits';

/**
 * Verifying an INS the engine already holds (an INS received from another
 * actor, or one recorded long ago): does INSi still give the same INS for
 * the same five traits? The dedicated INSi verification operation is not
 * public (insi-protocol VERIFICATION_OPERATION_CONFIRMED), so the answer of a
 * search with all the traits held is compared here, strictly: an INS is
 * verified only if INSi's active INS and all its traits are the ones held.
 */

export type InsiVerification =
  /** INSi's active INS and its five traits are the ones held. */
  | { status: 'CONFIRMED'; result: InsiFound }
  /**
   * INSi gives another INS for these traits. `replaced`: the held one is in
   * INSi's history (INSHISTO), i.e. it was superseded (an NIA became a NIR…).
   */
  | {
      status: 'INS_DIFFERS';
      replaced: boolean;
      activeIns: { matricule: string; oid: string };
      result: InsiFound;
    }
  /** Same INS, but a trait differs: the record must be corrected from INSi's traits. */
  | { status: 'TRAITS_DIFFER'; mismatches: TraitMismatch[]; result: InsiFound }
  /** 01: INSi knows no such person. */
  | { status: 'NOT_FOUND'; result: InsiSearchResult }
  /** 02: even with all traits, several people match. */
  | { status: 'AMBIGUOUS'; result: InsiSearchResult };

export interface HeldIns {
  ins: { matricule: string; oid: string };
  traits: InsiSearchTraits;
}

export function verifyAgainstAnswer(held: HeldIns, result: InsiSearchResult): InsiVerification {
  if (result.code === '01') return { status: 'NOT_FOUND', result };
  if (result.code === '02') return { status: 'AMBIGUOUS', result };
  const sameIns = (ins: { matricule: string; oid: string }): boolean =>
    ins.matricule === held.ins.matricule.replace(/\s+/g, '').toUpperCase() &&
    ins.oid === held.ins.oid;
  if (!sameIns(result.ins)) {
    return {
      status: 'INS_DIFFERS',
      replaced: result.history.some(sameIns),
      activeIns: result.ins,
      result,
    };
  }
  const mismatches = exactMismatches(held.traits, result.traits);
  if (mismatches.length > 0) return { status: 'TRAITS_DIFFER', mismatches, result };
  return { status: 'CONFIRMED', result };
}

/**
 * The INS traits are compared whole: unlike a first search (readers'
 * compareTraits, which lets INSi complete what a card lacks), a held INS
 * must carry INSi's traits exactly, first names list included.
 */
function exactMismatches(held: InsiSearchTraits, insi: InsiTraits): TraitMismatch[] {
  const mismatches: TraitMismatch[] = [];
  const differ = (
    field: TraitMismatch['field'],
    local: string,
    reference: string,
    problem: string,
  ) => mismatches.push({ field, local, reference, problem });

  if (normalizeTrait(held.birthFamilyName) !== normalizeTrait(insi.birthFamilyName)) {
    differ('birthFamilyName', held.birthFamilyName, insi.birthFamilyName, 'the birth names differ');
  }
  const heldNames = splitFirstNames(held.firstNames).map(normalizeTrait).join(' ');
  const insiNames = splitFirstNames(insi.firstNames).map(normalizeTrait).join(' ');
  if (heldNames !== insiNames) {
    differ('firstNames', heldNames, insiNames, 'the lists of birth first names differ');
  }
  const heldDate = parseBirthDate(held.birthDate);
  const insiDate = parseBirthDate(insi.birthDate);
  const heldValue = heldDate.ok ? heldDate.birthDate.value : held.birthDate;
  const insiValue = insiDate.ok ? insiDate.birthDate.value : insi.birthDate;
  if (heldValue !== insiValue) differ('birthDate', heldValue, insiValue, 'the birth dates differ');
  if (held.sex.trim().toUpperCase() !== insi.sex) {
    differ('sex', held.sex, insi.sex, 'the sexes differ');
  }
  const heldPlace = held.birthPlaceCode?.trim().toUpperCase();
  if (heldPlace && insi.birthPlaceCode && heldPlace !== insi.birthPlaceCode) {
    differ('birthPlaceCode', heldPlace, insi.birthPlaceCode, 'the birth places differ');
  }
  return mismatches;
}
