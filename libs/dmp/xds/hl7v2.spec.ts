import { escapeHl7, insCx, parseCx, parseXcn, professionalXcn, unescapeHl7 } from './hl7v2';
import { anAuthor } from './test-fixtures';
import { formatXdsTime, isXdsTime, parseXdsTime } from './xds-time';

describe('HL7 v2 datatypes', () => {
  it('writes and reads back the INS as a CX', () => {
    const cx = insCx({ matricule: '279035121518989', oid: '1.2.250.1.213.1.4.8' });
    expect(cx).toBe('279035121518989^^^&1.2.250.1.213.1.4.8&ISO^NH');
    expect(parseCx(cx)).toEqual({
      id: '279035121518989',
      authorityOid: '1.2.250.1.213.1.4.8',
      idType: 'NH',
    });
  });

  it('writes and reads back a professional as an XCN, delimiters escaped', () => {
    const xcn = professionalXcn(anAuthor({ familyName: 'O^NEIL&Co', givenNames: 'Jean~Marie' }));
    expect(parseXcn(xcn)).toEqual({
      id: '810101234567',
      familyName: 'O^NEIL&Co',
      givenName: 'Jean~Marie',
      authorityOid: '1.2.250.1.71.4.2.1',
      idType: 'IDNPS',
    });
    expect(unescapeHl7(escapeHl7('a\\b|c'))).toBe('a\\b|c');
  });
});

describe('XDS times', () => {
  it('writes UTC to the second', () => {
    expect(formatXdsTime(new Date('2024-03-31T23:30:05+02:00'))).toBe('20240331213005');
    expect(() => formatXdsTime(new Date('nope'))).toThrow();
  });

  it('reads truncated times and refuses impossible ones', () => {
    expect(parseXdsTime('2024')).toEqual(new Date('2024-01-01T00:00:00Z'));
    expect(parseXdsTime('202402291200')).toEqual(new Date('2024-02-29T12:00:00Z'));
    expect(isXdsTime('20230229')).toBe(false);
    expect(isXdsTime('2024-01-01')).toBe(false);
  });
});
