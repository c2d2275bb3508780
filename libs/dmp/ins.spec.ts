import { INS_OIDS, insProblem, nirKey } from './ins';

describe('INS', () => {
  it('computes the NIR key, Corsica counted as 19 and 18', () => {
    expect(nirKey('2790351215189')).toBe('89');
    expect(nirKey('185052A004123')).toBe(nirKey('1850519004123'));
    expect(nirKey('292022B005017')).toBe(nirKey('2920218005017'));
    expect(nirKey('292022B005017')).toBe('09');
  });

  it('accepts the qualified INS OIDs with a well-formed matricule', () => {
    for (const oid of Object.values(INS_OIDS)) {
      expect(insProblem({ matricule: '279035121518989', oid })).toBeUndefined();
    }
    expect(insProblem({ matricule: '185052A00412356', oid: INS_OIDS.nir })).toBeUndefined();
  });

  it('checks the shape but not the key of an NIA', () => {
    expect(insProblem({ matricule: '279035121518900', oid: INS_OIDS.nia })).toBeUndefined();
    expect(insProblem({ matricule: '279035121518900', oid: INS_OIDS.nir })).toMatch(/wrong key/);
  });

  it('names what is wrong', () => {
    expect(insProblem({ matricule: '279035121518989', oid: '1.2.250.1.213.1.4.2' })).toMatch(
      /not an INS assigning authority/,
    );
    expect(insProblem({ matricule: '2790351215189', oid: INS_OIDS.nir })).toMatch(/15 characters/);
  });
});
