import { normalizeTrait, splitFirstNames } from '@app/readers';
import { INSI_RETURN_CODES } from '../insi-protocol';
import type { RecVitale } from '../insi-request';
import type { InsiSearchResult } from '../insi-response';
import { type RecSansVitale, toInsiDate } from '../insi-traits';
import type { SandboxIdentity } from './identities';

/**
 * How the sandbox finds people. INSi's own matching rules are not public
 * (UNCONFIRMED); the sandbox's are strict and simple, so that a test knows
 * what it will get:
 * - by traits: same birth name, sex and birth date; the first names sent are
 *   the start of the person's list (LOUIS finds LOUIS PAUL, PAUL does not);
 *   the birth place, when sent, is the same;
 * - by card: the person is on a card with that NIR and twin rank, with that
 *   birth date; the beneficiary's NIR and birth name, when sent, are theirs.
 * None found is 01, one is 00, more than one is 02.
 */

export function matchTraits(
  identities: readonly SandboxIdentity[],
  request: RecSansVitale,
): SandboxIdentity[] {
  const sent = request.Prenom.split(' ');
  return identities.filter((identity) => {
    const t = identity.traits;
    const names = splitFirstNames(t.firstNames).map(normalizeTrait);
    return (
      normalizeTrait(t.birthFamilyName) === request.NomNaissance &&
      t.sex === request.Sexe &&
      toInsiDate(t.birthDate) === request.DateNaissance &&
      sent.every((name, i) => names[i] === name) &&
      (request.LieuNaissance === undefined || t.birthPlaceCode === request.LieuNaissance)
    );
  });
}

export function matchCard(
  identities: readonly SandboxIdentity[],
  request: RecVitale,
): SandboxIdentity[] {
  const cardNir = `${request.MatriculeOD.NumIdentifiant}${request.MatriculeOD.Cle}`;
  const rank = request.RangNaissance ?? '1';
  const own = request.MatriculeIndividu
    ? `${request.MatriculeIndividu.NumIdentifiant}${request.MatriculeIndividu.Cle}`
    : undefined;
  return identities.filter(
    (identity) =>
      (identity.cards ?? []).some(
        (card) => card.nir === cardNir && (card.twinRank ?? '1') === rank,
      ) &&
      toInsiDate(identity.traits.birthDate) === request.DateNaissance &&
      (own === undefined || identity.ins.matricule === own) &&
      (request.NomNaissance === undefined ||
        normalizeTrait(identity.traits.birthFamilyName) === request.NomNaissance),
  );
}

/** The RESULTAT for what was found: INS traits in INSi's form (capitals, no diacritics). */
export function resultFor(found: readonly SandboxIdentity[]): InsiSearchResult {
  if (found.length === 0) return { code: '01', label: INSI_RETURN_CODES['01'] };
  if (found.length > 1) return { code: '02', label: INSI_RETURN_CODES['02'] };
  const { ins, traits, history } = found[0];
  const firstNames = splitFirstNames(traits.firstNames).map(normalizeTrait).join(' ');
  return {
    code: '00',
    label: INSI_RETURN_CODES['00'],
    ins: { ...ins },
    traits: {
      birthFamilyName: normalizeTrait(traits.birthFamilyName),
      firstNames,
      birthDate: traits.birthDate,
      sex: traits.sex,
      birthPlaceCode: traits.birthPlaceCode,
    },
    history: (history ?? []).map((record) => ({ ...record })),
  };
}
