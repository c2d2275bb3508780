import {
  normalizeTrait,
  parseBirthDate,
  parseMatricule,
  splitFirstNames,
  type TraitProblem,
} from '@app/readers';
import { INSI_COG, INSI_DATE, INSI_NAME, INSI_SEXES } from './insi-protocol';

/**
 * Traits as the engine holds them, turned into the exact strings INSi takes
 * (and back): names in capitals without diacritics, dates AAAA-MM-JJ, sex
 * M/F, COG. The client uses it before sending, the sandbox to check what it
 * receives, so both apply one rule.
 */

/** What a search by traits needs (facts §2.4): the birth place is optional. */
export interface InsiSearchTraits {
  birthFamilyName: string;
  /** A list, or one space-separated string. */
  firstNames: string | readonly string[];
  /** M or F: the search requires it. */
  sex: string;
  /** AAAAMMJJ or AAAA-MM-JJ; a lunar date is sent as is. */
  birthDate: string;
  birthPlaceCode?: string;
}

/** RECSANSVITALE's content, in the schema's element order. */
export interface RecSansVitale {
  NomNaissance: string;
  /** One element; several first names separated by spaces (insi-protocol PRENOM_ELEMENTS_PER_REQUEST). */
  Prenom: string;
  Sexe: 'M' | 'F';
  DateNaissance: string;
  LieuNaissance?: string;
}

export type InsiTraitsResult =
  { ok: true; request: RecSansVitale } | { ok: false; problems: TraitProblem[] };

/**
 * A name in the form INSi takes: facts §2.3's traits are compared in this
 * normalised form (readers' normalizeTrait: capitals, no diacritics,
 * ligatures spelled out, one kind of apostrophe and hyphen), then checked
 * against the characters INSi accepts. Undefined when characters remain that
 * INSi does not take (digits, other scripts): the user must correct the name,
 * the engine does not guess.
 */
export function toInsiName(value: string): string | undefined {
  const normalized = normalizeTrait(value);
  return INSI_NAME.test(normalized) ? normalized : undefined;
}

/** AAAAMMJJ or AAAA-MM-JJ (lunar dates included) as INSi's AAAA-MM-JJ. */
export function toInsiDate(value: string): string | undefined {
  const parsed = parseBirthDate(value);
  if (!parsed.ok) return undefined;
  const v = parsed.birthDate.value;
  return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}`;
}

/** INSi's AAAA-MM-JJ as the engine's AAAAMMJJ (what parseBirthDate compares). */
export function fromInsiDate(value: string): string | undefined {
  const match = INSI_DATE.exec(value.trim());
  return match ? `${match[1]}${match[2]}${match[3]}` : undefined;
}

/**
 * Checks and shapes traits into RECSANSVITALE's content. Every trait at
 * fault is named, with the TraitProblem shape of @app/readers, so that a form
 * can point at it.
 */
export function toRecSansVitale(traits: InsiSearchTraits): InsiTraitsResult {
  const problems: TraitProblem[] = [];
  const name = toInsiName(traits.birthFamilyName);
  if (!name) {
    problems.push({
      field: 'birthFamilyName',
      problem: `INSi takes a birth name in capitals, words joined by a space, a hyphen, "--" or an apostrophe, not "${traits.birthFamilyName}"`,
    });
  }
  const firstNames = splitFirstNames(traits.firstNames);
  const insiFirstNames = firstNames.map(toInsiName);
  if (firstNames.length === 0) {
    problems.push({ field: 'firstNames', problem: 'INSi needs at least one birth first name' });
  } else if (insiFirstNames.some((first) => first === undefined)) {
    problems.push({
      field: 'firstNames',
      problem: `INSi takes first names in capitals, hyphens and apostrophes allowed, not "${firstNames.join(' ')}"`,
    });
  }
  const sex = traits.sex.trim().toUpperCase();
  const knownSex = (INSI_SEXES as readonly string[]).includes(sex);
  if (!knownSex) {
    problems.push({
      field: 'sex',
      problem: `a search by traits needs the sex, M or F, not "${traits.sex}"`,
    });
  }
  const date = toInsiDate(traits.birthDate);
  if (!date) {
    problems.push({
      field: 'birthDate',
      problem: `a birth date is AAAAMMJJ or AAAA-MM-JJ, not "${traits.birthDate}"`,
    });
  }
  const place = traits.birthPlaceCode?.trim().toUpperCase();
  if (place && !INSI_COG.test(place)) {
    problems.push({
      field: 'birthPlaceCode',
      problem: `a birth place is a 5-character COG (75056, 2A004, 99350), not "${traits.birthPlaceCode}"`,
    });
  }
  if (problems.length > 0 || !name || !date || (sex !== 'M' && sex !== 'F')) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    request: {
      NomNaissance: name,
      Prenom: insiFirstNames.join(' '),
      Sexe: sex,
      DateNaissance: date,
      ...(place ? { LieuNaissance: place } : {}),
    },
  };
}

/** A NIR as INSi's Matricule: NumIdentifiant (13) and Cle (2). */
export interface InsiMatricule {
  NumIdentifiant: string;
  Cle: string;
}

/**
 * Splits a 15-character NIR, key checked. The card's NIR is a key to INSi,
 * never an INS (facts §5.1): this only formats it.
 */
export function toInsiMatricule(nir: string): InsiMatricule | undefined {
  const parsed = parseMatricule(nir);
  if (!parsed.ok || !parsed.matricule.keyGiven) return undefined;
  const value = parsed.matricule.value;
  return { NumIdentifiant: value.slice(0, 13), Cle: value.slice(13) };
}
