import { parseBirthDate, type BirthDate } from './birth-date';

export type Sex = 'M' | 'F';

/**
 * The strict identity traits of the INS (facts §2.3): birth name, birth first
 * names, birth date, sex, birth place (COG INSEE). Sex and birth place may be
 * unknown before INSi answers: a Vitale card carries neither for a dependant.
 */
export interface IdentityTraits {
  /** Nom de naissance. */
  birthFamilyName: string;
  /** Prénoms de naissance, first one first (INS: one space-separated list). */
  firstNames: readonly string[];
  birthDate: BirthDate;
  sex?: Sex;
  /** Code officiel géographique (INSEE) of the birth place: 75056, 2A004, 97105, 99350. */
  birthPlaceCode?: string;
}

/** Traits as a source hands them over, before checking. */
export interface TraitsInput {
  birthFamilyName: string;
  /** A list, or one space-separated string as INSi returns it. */
  firstNames: string | readonly string[];
  /** AAAAMMJJ or AAAA-MM-JJ, lunar dates included. */
  birthDate: string;
  sex?: string;
  birthPlaceCode?: string;
}

export type TraitName =
  'birthFamilyName' | 'firstName' | 'firstNames' | 'birthDate' | 'sex' | 'birthPlaceCode';

export interface TraitProblem {
  field: TraitName;
  problem: string;
}

export type TraitsResult =
  { ok: true; traits: IdentityTraits } | { ok: false; problems: TraitProblem[] };

// A COG: 5 digits, or 2A/2B and 3 digits for Corsica.
const COG = /^(?:\d{5}|2[AB]\d{3})$/;

/** Checks and shapes traits; names are kept as given (comparisons normalise them). */
export function parseTraits(input: TraitsInput): TraitsResult {
  const problems: TraitProblem[] = [];
  const birthFamilyName = input.birthFamilyName.trim().replace(/\s+/g, ' ');
  if (normalizeTrait(birthFamilyName) === '') {
    problems.push({ field: 'birthFamilyName', problem: 'the birth name is empty' });
  }
  const firstNames = splitFirstNames(input.firstNames);
  if (firstNames.length === 0) {
    problems.push({ field: 'firstNames', problem: 'at least one birth first name is needed' });
  }
  const date = parseBirthDate(input.birthDate);
  if (!date.ok) problems.push({ field: 'birthDate', problem: date.problem });
  const sex = input.sex?.trim().toUpperCase();
  if (sex !== undefined && sex !== '' && sex !== 'M' && sex !== 'F') {
    problems.push({ field: 'sex', problem: `the INS sex is M or F, not "${input.sex}"` });
  }
  const birthPlaceCode = input.birthPlaceCode?.trim().toUpperCase();
  if (birthPlaceCode && !COG.test(birthPlaceCode)) {
    problems.push({
      field: 'birthPlaceCode',
      problem: `a birth place is a 5-character INSEE code (75056, 2A004, 99350), not "${input.birthPlaceCode}"`,
    });
  }
  if (problems.length > 0 || !date.ok) return { ok: false, problems };
  return {
    ok: true,
    traits: {
      birthFamilyName,
      firstNames,
      birthDate: date.birthDate,
      ...(sex === 'M' || sex === 'F' ? { sex } : {}),
      ...(birthPlaceCode ? { birthPlaceCode } : {}),
    },
  };
}

/**
 * Birth first names as a list. The INS writes them as one space-separated
 * list (facts §2.3), so a space separates two first names while a hyphen
 * joins a compound one: "MARIE LOUISE" is two, "MARIE-LOUISE" one.
 */
export function splitFirstNames(firstNames: string | readonly string[]): string[] {
  const list = typeof firstNames === 'string' ? [firstNames] : firstNames;
  return list
    .flatMap((name) => name.replace(/\s*([-'’])\s*/g, '$1').split(/\s+/))
    .filter((name) => name !== '');
}

/**
 * The form two traits are compared in: upper case, diacritics removed,
 * ligatures spelled out, every apostrophe and hyphen variant reduced to ' and
 * -, no space around them, single spaces. Hyphens and apostrophes are kept:
 * they are part of the name (JEAN-PIERRE is not JEAN PIERRE). The RNIV's
 * exact character rules are not in the facts; this is the conservative
 * reading (it never makes two different spellings of letters equal).
 */
export function normalizeTrait(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/Œ/g, 'OE')
    .replace(/Æ/g, 'AE')
    .replace(/[’‘ʼ`´]/g, "'")
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/\s*([-'])\s*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** One trait that differs between the local identity and the reference one. */
export interface TraitMismatch extends TraitProblem {
  local: string;
  reference: string;
}

/**
 * Compares local traits with reference ones (INSi's answer, or the traits read
 * on an identity document) and reports every mismatch; any mismatch blocks
 * qualification. A trait the local identity does not know (sex or birth place
 * from a Vitale card, further first names) is not a mismatch: the reference
 * supplies it. The first first name must be equal, since the MSSanté INS
 * carries it (facts §2.3), and the local list must be the start of the
 * reference list.
 */
export function compareTraits(local: IdentityTraits, reference: IdentityTraits): TraitMismatch[] {
  const mismatches: TraitMismatch[] = [];
  const differ = (field: TraitName, l: string, r: string, problem: string) =>
    mismatches.push({ field, local: l, reference: r, problem });

  if (normalizeTrait(local.birthFamilyName) !== normalizeTrait(reference.birthFamilyName)) {
    differ(
      'birthFamilyName',
      local.birthFamilyName,
      reference.birthFamilyName,
      'the birth names differ',
    );
  }

  const localNames = local.firstNames.map(normalizeTrait);
  const referenceNames = reference.firstNames.map(normalizeTrait);
  if (localNames[0] !== referenceNames[0]) {
    differ(
      'firstName',
      local.firstNames[0] ?? '',
      reference.firstNames[0] ?? '',
      'the first birth first names differ',
    );
  } else if (localNames.some((name, i) => name !== referenceNames[i])) {
    differ(
      'firstNames',
      local.firstNames.join(' '),
      reference.firstNames.join(' '),
      'the birth first names are not the start of the reference list',
    );
  }

  if (local.birthDate.value !== reference.birthDate.value) {
    const lunar = local.birthDate.lunar || reference.birthDate.lunar;
    differ(
      'birthDate',
      local.birthDate.value,
      reference.birthDate.value,
      lunar
        ? 'the birth dates differ; one is lunar, which INSi adjusts by RNIV rules the engine does not know (facts §2.4): check it by hand'
        : 'the birth dates differ',
    );
  }

  if (local.sex && reference.sex && local.sex !== reference.sex) {
    differ('sex', local.sex, reference.sex, 'the sexes differ');
  }

  if (
    local.birthPlaceCode &&
    reference.birthPlaceCode &&
    local.birthPlaceCode !== reference.birthPlaceCode
  ) {
    differ(
      'birthPlaceCode',
      local.birthPlaceCode,
      reference.birthPlaceCode,
      'the birth places differ',
    );
  }
  return mismatches;
}
