import { insOfCx, isExpired, practitionerIdOf } from './access';

describe('sandbox access rules', () => {
  const policy = (iso: string) => ({ maxAgeMonths: 6, now: new Date(iso) });

  it('lets an authorisation live to the same day six months later, in Paris', () => {
    expect(isExpired('2025-09-15', policy('2026-03-15T12:00:00Z'))).toBe(false);
    expect(isExpired('2025-09-14', policy('2026-03-15T12:00:00Z'))).toBe(true);
    // 23:30 UTC on 14 March is already 15 March in Paris.
    expect(isExpired('2025-09-14', policy('2026-03-14T23:30:00Z'))).toBe(true);
  });

  it('names practitioners as the VIHF does, and reads INS CX', () => {
    expect(practitionerIdOf('10000000101')).toBe('810000000101');
    expect(() => practitionerIdOf('123')).toThrow('not 11 digits');
    expect(insOfCx('279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH')).toEqual({
      matricule: '279035121518989',
      oid: '1.2.250.1.213.1.4.10',
    });
    expect(insOfCx('279035121518989')).toBeUndefined();
    expect(insOfCx(undefined)).toBeUndefined();
  });
});
