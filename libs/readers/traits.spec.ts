import { isoBirthDate, parseBirthDate } from './birth-date';
import {
  compareTraits,
  normalizeTrait,
  parseTraits,
  splitFirstNames,
  type IdentityTraits,
  type TraitsInput,
} from './traits';

function traits(input: TraitsInput): IdentityTraits {
  const result = parseTraits(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.traits;
}

const PAULE: TraitsInput = {
  birthFamilyName: 'ORSONI-TEST',
  firstNames: 'PAULE ANGELE',
  birthDate: '19850517',
  sex: 'F',
  birthPlaceCode: '2A004',
};

describe('birth dates', () => {
  it('keeps lunar dates as read: day 00, month 00, month above 12, 30 February', () => {
    for (const raw of ['19420000', '19420015', '19421901', '19850230']) {
      const result = parseBirthDate(raw);
      expect(result).toEqual({ ok: true, birthDate: { raw, value: raw, lunar: true } });
      if (result.ok) expect(isoBirthDate(result.birthDate)).toBeUndefined();
    }
  });

  it('reads calendar dates in both forms', () => {
    const dashed = parseBirthDate('1979-03-28');
    expect(dashed).toEqual({
      ok: true,
      birthDate: { raw: '1979-03-28', value: '19790328', lunar: false },
    });
    if (dashed.ok) expect(isoBirthDate(dashed.birthDate)).toBe('1979-03-28');
    expect(parseBirthDate('20000229')).toMatchObject({ birthDate: { lunar: false } });
  });

  it('rejects what is no date at all', () => {
    for (const raw of ['28/03/1979', '1979328', '', '1979-3-28']) {
      expect(parseBirthDate(raw).ok).toBe(false);
    }
  });
});

describe('normalising traits', () => {
  it('upper-cases, removes accents and spells ligatures out', () => {
    expect(normalizeTrait('  Hélène  Çağlar ')).toBe('HELENE CAGLAR');
    expect(normalizeTrait('Lætitia Cœur')).toBe('LAETITIA COEUR');
  });

  it('unifies apostrophes and hyphens but keeps them', () => {
    expect(normalizeTrait('d’Angelo – Test')).toBe("D'ANGELO-TEST");
    expect(normalizeTrait("D' ANGELO-TEST")).toBe("D'ANGELO-TEST");
    expect(normalizeTrait('JEAN-PIERRE')).not.toBe(normalizeTrait('JEAN PIERRE'));
  });

  it('splits first names on spaces, never inside a compound name', () => {
    expect(splitFirstNames('DOMINIQUE MARIE-LOUISE')).toEqual(['DOMINIQUE', 'MARIE-LOUISE']);
    expect(splitFirstNames(['Marie - Louise', ' Anne '])).toEqual(['Marie-Louise', 'Anne']);
    expect(splitFirstNames('  ')).toEqual([]);
  });
});

describe('parseTraits', () => {
  it('names every trait at fault', () => {
    const result = parseTraits({
      birthFamilyName: ' ',
      firstNames: [],
      birthDate: '28/03/1979',
      sex: 'X',
      birthPlaceCode: '2C004',
    });
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toEqual([
      'birthFamilyName',
      'firstNames',
      'birthDate',
      'sex',
      'birthPlaceCode',
    ]);
  });

  it('leaves sex and birth place unknown when not given', () => {
    const t = traits({ birthFamilyName: 'PAT-TROIS', firstNames: 'MAXIME', birthDate: '20160914' });
    expect(t.sex).toBeUndefined();
    expect(t.birthPlaceCode).toBeUndefined();
  });
});

describe('compareTraits', () => {
  const reference = traits(PAULE);

  it('finds no mismatch across case, accents and a shorter local list of first names', () => {
    const local = traits({
      birthFamilyName: 'Orsoni-Test',
      firstNames: 'Paule',
      birthDate: '1985-05-17',
    });
    expect(compareTraits(local, reference)).toEqual([]);
    expect(compareTraits(traits({ ...PAULE, firstNames: 'Paule Angèle' }), reference)).toEqual([]);
  });

  it('reports each mismatched trait', () => {
    const local = traits({
      birthFamilyName: 'SANTONI-TEST',
      firstNames: 'PAULINE',
      birthDate: '19850518',
      sex: 'M',
      birthPlaceCode: '2B033',
    });
    expect(compareTraits(local, reference)).toEqual([
      {
        field: 'birthFamilyName',
        local: 'SANTONI-TEST',
        reference: 'ORSONI-TEST',
        problem: 'the birth names differ',
      },
      {
        field: 'firstName',
        local: 'PAULINE',
        reference: 'PAULE',
        problem: 'the first birth first names differ',
      },
      {
        field: 'birthDate',
        local: '19850518',
        reference: '19850517',
        problem: 'the birth dates differ',
      },
      { field: 'sex', local: 'M', reference: 'F', problem: 'the sexes differ' },
      {
        field: 'birthPlaceCode',
        local: '2B033',
        reference: '2A004',
        problem: 'the birth places differ',
      },
    ]);
  });

  it('requires the local first names to start the reference list', () => {
    const swapped = traits({ ...PAULE, firstNames: 'PAULE MARIE' });
    expect(compareTraits(swapped, reference).map((m) => m.field)).toEqual(['firstNames']);
    const longer = traits({ ...PAULE, firstNames: 'PAULE ANGELE MARIE' });
    expect(compareTraits(longer, reference).map((m) => m.field)).toEqual(['firstNames']);
    // A compound first name is not two first names.
    const compound = traits({ ...PAULE, firstNames: 'PAULE-ANGELE' });
    expect(compareTraits(compound, reference).map((m) => m.field)).toEqual(['firstName']);
  });

  it('flags a lunar date that INSi may have adjusted for a check by hand', () => {
    const local = traits({ ...PAULE, birthDate: '19850017' });
    const [mismatch] = compareTraits(local, reference);
    expect(mismatch).toMatchObject({ field: 'birthDate', local: '19850017' });
    expect(mismatch.problem).toMatch(/lunar.*by hand/);
  });
});
