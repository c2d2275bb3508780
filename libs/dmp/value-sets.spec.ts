import { DmpError } from './errors';
import { VALUE_SETS, ValueSets } from './value-sets';

describe('ValueSets', () => {
  const valueSets = ValueSets.load();

  it('reads the CI-SIS sets the filing needs', () => {
    expect(valueSets.concept(VALUE_SETS.typeCode, '47420-5')).toEqual({
      code: '47420-5',
      codeSystem: '2.16.840.1.113883.6.1',
      displayName: 'CR de bilan fonctionnel',
    });
    expect(valueSets.concept(VALUE_SETS.authorSpecialty, 'G15_91').displayName).toBe(
      'Orthophoniste',
    );
    expect(valueSets.has(VALUE_SETS.confidentiality, 'MASQUE_PS', '1.2.250.1.213.1.1.4.13')).toBe(
      true,
    );
    expect(valueSets.has(VALUE_SETS.practiceSetting, 'AMBULATOIRE')).toBe(true);
    expect(valueSets.has(VALUE_SETS.healthcareFacilityType, 'SA52')).toBe(true);
  });

  it('refuses a code outside its set with a typed error naming the set', () => {
    let error: unknown;
    try {
      valueSets.concept(VALUE_SETS.typeCode, '99999-9');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DmpError);
    expect((error as DmpError).code).toBe('VALUE_NOT_IN_VALUE_SET');
    expect((error as DmpError).message).toContain('JDV_J07_XdsTypeCode_CISIS');
  });

  it('checks the code system too when it is given', () => {
    expect(valueSets.has(VALUE_SETS.typeCode, '47420-5', '1.2.250.1.213.1.1.4.12')).toBe(false);
  });
});
