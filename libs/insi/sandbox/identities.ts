import { INS_OIDS, nirKey } from '@app/dmp';
import {
  normalizeTrait,
  parseIns,
  parseTraits,
  splitFirstNames,
  TEST_PEOPLE,
  TEST_VITALE_CARDS,
  type VitaleCardRead,
} from '@app/readers';
import type { InsiInsRecord } from '../insi-response';

/**
 * The people the INSi sandbox knows: the engine's own test people (@app/readers
 * TEST_PEOPLE, the cards of TEST_VITALE_CARDS), so that a card read, an INSi
 * search and an identity qualification tell one consistent story, plus a
 * pair of homonyms for the "02" answer. All on the test NIR OID
 * 1.2.250.1.213.1.4.10 (facts §2.2): nothing here is a real person.
 */
export interface SandboxIdentity {
  ins: { matricule: string; oid: string };
  traits: {
    birthFamilyName: string;
    /** All birth first names, space-separated. */
    firstNames: string;
    /** AAAAMMJJ, lunar dates included. */
    birthDate: string;
    sex: 'M' | 'F';
    birthPlaceCode: string;
  };
  /** Former INS (INSHISTO). */
  history?: InsiInsRecord[];
  /** Vitale cards that carry the person: the card's NIR (15) and the twin rank there. */
  cards?: { nir: string; twinRank?: string }[];
}

function testNir(first13: string): string {
  return `${first13}${nirKey(first13)}`;
}

/**
 * Two men with the same birth name, first first name, sex and birth date,
 * born in Paris and in Lyon: a search with LOUIS alone answers 02, adding the
 * other first names or the birth place answers 00 (facts §2.4, what to do on 02).
 */
export const HOMONYMS: readonly SandboxIdentity[] = [
  {
    ins: { matricule: testNir('1900175056001'), oid: INS_OIDS.testNir },
    traits: {
      birthFamilyName: 'MARTIN-TEST',
      firstNames: 'LOUIS PAUL',
      birthDate: '19900101',
      sex: 'M',
      birthPlaceCode: '75056',
    },
  },
  {
    ins: { matricule: testNir('1900169123002'), oid: INS_OIDS.testNir },
    traits: {
      birthFamilyName: 'MARTIN-TEST',
      firstNames: 'LOUIS HENRI',
      birthDate: '19900101',
      sex: 'M',
      birthPlaceCode: '69123',
    },
  },
];

/** TEST_PEOPLE with the cards they are on, and the homonyms. Fresh copies each call. */
export function defaultSandboxIdentities(): SandboxIdentity[] {
  const people = Object.values(TEST_PEOPLE).map((person): SandboxIdentity => ({
    ins: { ...person.ins },
    traits: { ...person.traits },
    cards: [],
  }));
  for (const card of Object.values(TEST_VITALE_CARDS) as VitaleCardRead[]) {
    for (const beneficiary of card.lstDonneesBeneficiaire) {
      const name = normalizeTrait(beneficiary.nomPatronymique ?? beneficiary.nomUsuel);
      const person = people.find(
        (p) =>
          p.traits.birthDate === beneficiary.dateNaissance &&
          normalizeTrait(p.traits.birthFamilyName) === name &&
          splitFirstNames(p.traits.firstNames)[0] === normalizeTrait(beneficiary.prenom),
      );
      person?.cards?.push({
        nir: `${card.NIR}${card.cleNIR}`,
        twinRank: beneficiary.rangGemellaire ?? '1',
      });
    }
  }
  return [...people, ...HOMONYMS.map((h) => structuredClone(h))];
}

/** Refuses test data INSi could never return: a bad INS, a trait outside the model. */
export function checkSandboxIdentities(identities: readonly SandboxIdentity[]): void {
  for (const identity of identities) {
    const ins = parseIns(identity.ins);
    const traits = parseTraits(identity.traits);
    const problems = [
      ...(ins.ok ? [] : ins.problems.map((p) => p.problem)),
      ...(traits.ok ? [] : traits.problems.map((p) => p.problem)),
    ];
    if (problems.length > 0) {
      throw new Error(`INSi sandbox identity ${identity.ins.matricule}: ${problems.join('; ')}`);
    }
  }
}
