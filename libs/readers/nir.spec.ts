import { matriculeKey, parseIns, parseMatricule, type MatriculeResult } from './nir';

const TEST_OID = '1.2.250.1.213.1.4.10';
const NIA_OID = '1.2.250.1.213.1.4.9';

function parsed(result: MatriculeResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.matricule;
}

function fields(result: MatriculeResult): string[] {
  return result.ok ? [] : result.problems.map((p) => p.field);
}

describe('NIR key', () => {
  // Worked by hand, independently of the code: n = 97 × q + r, key = 97 − r.
  // Corsica: 2A is counted as 19, 2B as 18 (facts §2.1).
  const HAND_CHECKED: [first13: string, n: number, q: number, r: number, key: string][] = [
    ['2790351215189', 2790351215189, 28766507373, 8, '89'], // the ANS example, key 89
    ['1160951454027', 1160951454027, 11968571691, 0, '97'], // r = 0 gives 97, not 00
    ['285052A004118', 2850519004118, 29386793856, 86, '11'], // Ajaccio, 2A → 19
    ['192022B033046', 1920218033046, 19796062196, 34, '63'], // Bastia, 2B → 18
    ['1425099350012', 1425099350012, 14691745876, 40, '57'], // Morocco, month 50
    ['2881197105042', 2881197105042, 29703062938, 56, '41'], // Basse-Terre, 97105
    ['2981099109031', 2981099109031, 30732980505, 46, '51'], // the NIA below
    ['7920299109003', 7920299109003, 81652568134, 5, '92'], // temporary number
  ];

  it.each(HAND_CHECKED)('%s has key %s', (first13, n, q, r, key) => {
    expect(97 * q + r).toBe(n);
    expect(r).toBeLessThan(97);
    expect(String(97 - r).padStart(2, '0')).toBe(key);
    expect(matriculeKey(first13)).toBe(key);
  });

  it('does not count a Corsican department as 20', () => {
    // 2850520004118 = 97 × 29386804166 + 16: key 81, not 11.
    expect(97 * 29386804166 + 16).toBe(2850520004118);
    expect(matriculeKey('2850520004118')).toBe('81');
    expect(fields(parseMatricule('285052000411811'))).toEqual(['key']);
  });
});

describe('parseMatricule', () => {
  it('reads the ANS test NIR field by field', () => {
    expect(parsed(parseMatricule('279035121518989'))).toEqual({
      value: '279035121518989',
      kind: 'undetermined',
      sexDigit: '2',
      sex: 'F',
      temporary: false,
      birthYear: '79',
      birthMonth: '03',
      calendarMonth: true,
      birthPlace: { kind: 'france', department: '51', commune: '215', code: '51215' },
      order: '189',
      key: '89',
      keyGiven: true,
    });
  });

  it('ignores spaces and upper-cases 2a/2b', () => {
    expect(parsed(parseMatricule('2 79 03 51 215 189 89')).value).toBe('279035121518989');
    expect(parsed(parseMatricule('285052a00411811')).value).toBe('285052A00411811');
  });

  it('reads Corsica 2A and 2B with their own keys', () => {
    const ajaccio = parsed(parseMatricule('285052A00411811'));
    expect(ajaccio.birthPlace).toEqual({
      kind: 'france',
      department: '2A',
      commune: '004',
      code: '2A004',
    });
    const bastia = parsed(parseMatricule('192022B03304663'));
    expect(bastia.birthPlace.code).toBe('2B033');
    expect(bastia.sex).toBe('M');
    // The 2A key on a 2B number (and the reverse) is wrong.
    expect(fields(parseMatricule('192022B03304611'))).toEqual(['key']);
    expect(fields(parseMatricule('285052B00411811'))).toEqual(['key']);
  });

  it('reads an overseas birth place: 3-character department, 2-digit commune', () => {
    expect(parsed(parseMatricule('288119710504241')).birthPlace).toEqual({
      kind: 'outre-mer',
      department: '971',
      commune: '05',
      code: '97105',
    });
  });

  it('reads a birth abroad with an unknown month, and completes a 13-character number', () => {
    const m = parsed(parseMatricule('1425099350012'));
    expect(m).toMatchObject({
      value: '142509935001257',
      key: '57',
      keyGiven: false,
      birthMonth: '50',
      calendarMonth: false,
      birthPlace: { kind: 'etranger', department: '99', commune: '350', code: '99350' },
    });
    expect(parsed(parseMatricule('142209935001262')).calendarMonth).toBe(false); // month 20
  });

  it('rejects a wrong key, naming the right one', () => {
    const result = parseMatricule('279035121518988');
    expect(result).toEqual({
      ok: false,
      problems: [{ field: 'key', problem: 'the key of 2790351215189 is 89, not 88' }],
    });
  });

  it('rejects a wrong length', () => {
    for (const raw of ['27903512151898', '2790351215189890', '279035121518', '']) {
      const result = parseMatricule(raw);
      expect(fields(result)).toEqual(['length']);
      expect(result.ok ? '' : result.problems[0].problem).toMatch(/15 characters/);
    }
  });

  it('rejects bad characters', () => {
    for (const raw of [
      '2790351215I8989', // a letter I for a 1
      '27903512151898.',
      '285052C00411811', // no 2C department
      '2A5052000411811', // 2A only in the department
      '2790351215189-9',
    ]) {
      expect(fields(parseMatricule(raw))).toEqual(['characters']);
    }
  });

  it('rejects a sex digit, month or department outside the documented values, all at once', () => {
    expect(fields(parseMatricule('379035121518989'))).toEqual(['sex', 'key']);
    // Month 13 with its right key (1511399350008 = 97 × 15581436598 + 2 → 95).
    expect(97 * 15581436598 + 2).toBe(1511399350008);
    expect(fields(parseMatricule('151139935000895'))).toEqual(['month']);
    expect(fields(parseMatricule('1790300056001'))).toEqual(['department']);
    expect(fields(parseMatricule('179000005600100'))).toEqual(['month', 'department', 'key']);
  });

  it('marks 7 and 8 as temporary numbers without guessing a sex', () => {
    const m = parsed(parseMatricule('792029910900392'));
    expect(m.temporary).toBe(true);
    expect(m.sex).toBeUndefined();
  });

  it('cannot tell an NIA from a NIR by its characters: the kind comes from the caller', () => {
    expect(parsed(parseMatricule('298109910903151')).kind).toBe('undetermined');
    expect(parsed(parseMatricule('298109910903151', { kind: 'NIA' })).kind).toBe('NIA');
  });

  it("checks an NIA's key by default, and not when told to", () => {
    expect(fields(parseMatricule('298109910903100', { kind: 'NIA' }))).toEqual(['key']);
    expect(parsed(parseMatricule('298109910903100', { kind: 'NIA', niaKey: 'ignore' })).key).toBe(
      '00',
    );
    // The switch is for NIAs only.
    expect(fields(parseMatricule('298109910903100', { kind: 'NIR', niaKey: 'ignore' }))).toEqual([
      'key',
    ]);
  });
});

describe('parseIns', () => {
  it('tells NIR from NIA by the OID, and test data from real', () => {
    expect(parseIns({ matricule: '279035121518989', oid: TEST_OID })).toEqual({
      ok: true,
      ins: { matricule: '279035121518989', oid: TEST_OID, kind: 'NIR', environment: 'test' },
    });
    expect(parseIns({ matricule: '298109910903151', oid: NIA_OID })).toMatchObject({
      ok: true,
      ins: { kind: 'NIA', environment: 'production' },
    });
    expect(parseIns({ matricule: '285052A00411811', oid: '1.2.250.1.213.1.4.8' })).toMatchObject({
      ok: true,
      ins: { kind: 'NIR', environment: 'production' },
    });
  });

  it('rejects a legacy INS-C OID, a missing key and a wrong NIA key', () => {
    expect(parseIns({ matricule: '279035121518989', oid: '1.2.250.1.213.1.4.2' })).toMatchObject({
      ok: false,
      problems: [{ field: 'oid' }],
    });
    expect(parseIns({ matricule: '2790351215189', oid: TEST_OID })).toMatchObject({
      ok: false,
      problems: [{ field: 'length' }],
    });
    expect(parseIns({ matricule: '298109910903100', oid: NIA_OID })).toMatchObject({
      ok: false,
      problems: [{ field: 'key' }],
    });
    expect(parseIns({ matricule: '298109910903100', oid: NIA_OID }, { niaKey: 'ignore' }).ok).toBe(
      true,
    );
  });
});
