import {
  birthTimeValue,
  hl7TimestampToMillis,
  isValidHl7Timestamp,
  parisTimestamp,
} from './hl7-time';

describe('HL7 timestamps', () => {
  it('writes Paris local time with its offset, winter and summer', () => {
    expect(parisTimestamp(new Date('2025-03-14T09:30:15.999Z'))).toBe('20250314103015+0100');
    expect(parisTimestamp(new Date('2025-07-01T12:00:00Z'))).toBe('20250701140000+0200');
    // Around the spring change (02:00 → 03:00 on 30 March 2025).
    expect(parisTimestamp(new Date('2025-03-30T00:59:59Z'))).toBe('20250330015959+0100');
    expect(parisTimestamp(new Date('2025-03-30T01:00:00Z'))).toBe('20250330030000+0200');
    expect(parisTimestamp(new Date('2024-12-31T23:30:00Z'))).toBe('20250101003000+0100');
  });

  it('refuses an invalid date', () => {
    expect(() => parisTimestamp(new Date('nope'))).toThrow(RangeError);
  });

  it('recognises timestamps that name a real instant, at any precision', () => {
    for (const ok of [
      '1979',
      '197903',
      '19790328',
      '20250314103015+0100',
      '202101040735+0100',
      '20200229',
    ]) {
      expect(isValidHl7Timestamp(ok)).toBe(true);
    }
    for (const bad of [
      '19421901',
      '19420300',
      '20190229',
      '20250314253015',
      '2025-03-14',
      '197',
      '20250314103015+01',
    ]) {
      expect(isValidHl7Timestamp(bad)).toBe(false);
    }
  });

  it('writes a lunar birth date at the precision that is known', () => {
    expect(birthTimeValue('19790328')).toBe('19790328');
    expect(birthTimeValue('19421901')).toBe('1942');
    expect(birthTimeValue('19420300')).toBe('194203');
    expect(birthTimeValue('19420231')).toBe('194202');
    expect(birthTimeValue('1942-03-01')).toBeUndefined();
  });

  it('reads the instant of a timestamp with its offset', () => {
    expect(hl7TimestampToMillis('20250314103015+0100')).toBe(Date.parse('2025-03-14T09:30:15Z'));
    expect(hl7TimestampToMillis('20250230')).toBeUndefined();
  });
});
