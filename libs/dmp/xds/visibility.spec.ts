import { DmpError } from '../errors';
import { NORMAL_VISIBILITY, type DmpVisibility } from '../model';
import { VALUE_SETS } from '../value-sets';
import { testValueSets } from './test-fixtures';
import {
  confidentialityCodesFor,
  forbiddenVisibilityReason,
  visibilityFromConfidentialityCodes,
} from './visibility';

const valueSets = testValueSets();

const allVisibilities: DmpVisibility[] = [false, true].flatMap((hiddenFromPatient) =>
  [false, true].flatMap((hiddenFromProfessionals) =>
    [false, true].map((hiddenFromLegalRepresentatives) => ({
      hiddenFromPatient,
      hiddenFromProfessionals,
      hiddenFromLegalRepresentatives,
    })),
  ),
);

describe('visibility ⇄ confidentialityCode', () => {
  it('files a normal document with N alone', () => {
    expect(confidentialityCodesFor(NORMAL_VISIBILITY, valueSets)).toEqual([
      { code: 'N', codeSystem: '2.16.840.1.113883.5.25', displayName: 'Normal' },
    ]);
  });

  it('adds one TRE_A07 code per masking choice, after N, all from J08', () => {
    const codes = confidentialityCodesFor(
      {
        hiddenFromPatient: true,
        hiddenFromProfessionals: false,
        hiddenFromLegalRepresentatives: true,
      },
      valueSets,
    );
    expect(codes.map((c) => c.code)).toEqual([
      'N',
      'INVISIBLE_PATIENT',
      'INVISIBLE_REPRESENTANTS_LEGAUX',
    ]);
    for (const code of codes) {
      expect(valueSets.has(VALUE_SETS.confidentiality, code.code, code.codeSystem)).toBe(true);
    }
    expect(
      confidentialityCodesFor(
        { ...NORMAL_VISIBILITY, hiddenFromProfessionals: true },
        valueSets,
      ).map((c) => [c.code, c.codeSystem]),
    ).toEqual([
      ['N', '2.16.840.1.113883.5.25'],
      ['MASQUE_PS', '1.2.250.1.213.1.1.4.13'],
    ]);
  });

  it('reads back every allowed visibility', () => {
    for (const visibility of allVisibilities.filter((v) => !forbiddenVisibilityReason(v))) {
      expect(
        visibilityFromConfidentialityCodes(confidentialityCodesFor(visibility, valueSets)),
      ).toEqual(visibility);
    }
  });

  it('allows six of the eight combinations', () => {
    expect(allVisibilities.filter((v) => !forbiddenVisibilityReason(v))).toHaveLength(6);
  });

  it('refuses hidden from the patient and from professionals, both ways', () => {
    const forbidden = {
      hiddenFromPatient: true,
      hiddenFromProfessionals: true,
      hiddenFromLegalRepresentatives: false,
    };
    expect(() => confidentialityCodesFor(forbidden, valueSets)).toThrow(DmpError);
    let error: unknown;
    try {
      visibilityFromConfidentialityCodes([
        { code: 'N', codeSystem: '2.16.840.1.113883.5.25' },
        { code: 'INVISIBLE_PATIENT', codeSystem: '1.2.250.1.213.1.1.4.13' },
        { code: 'MASQUE_PS', codeSystem: '1.2.250.1.213.1.1.4.13' },
      ]);
    } catch (e) {
      error = e;
    }
    expect((error as DmpError).code).toBe('FORBIDDEN_VISIBILITY');
  });

  it('ignores the HL7 levels and codes of other systems when reading back', () => {
    expect(
      visibilityFromConfidentialityCodes([
        { code: 'R', codeSystem: '2.16.840.1.113883.5.25' },
        { code: 'MASQUE_PS', codeSystem: '2.16.840.1.113883.5.25' },
      ]),
    ).toEqual(NORMAL_VISIBILITY);
  });
});
