import type { SituationExercice } from '@app/domain';
import type { PractitionerRow } from '@app/persistence';
import { authorStructureOf, dmpAuthorOf } from './dmp-identities';

const practitioner: PractitionerRow = {
  id: 'c0a1c0de-0000-4000-8000-000000000101',
  rpps: '10000000101',
  familyName: 'LEROY',
  givenNames: 'Camille',
  professionCode: '91',
  cptsId: null,
  mssAddress: null,
  structureIdNat: '398765432100025',
  structureName: "Cabinet d'orthophonie Leroy",
  facilityTypeCode: 'SA08',
  practiceSettingCode: 'AMBULATOIRE',
  billingNumber: null,
  directorySyncedAt: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
};

const inMsp: SituationExercice = {
  structure: { kind: 'msp', name: 'MSP des Trois Rivières', idNat: '312345678900017' },
  cadre: 'ambulatoire',
  salarie: false,
  period: { from: '2026-01-01', to: '2028-12-31' },
};

describe("the author's structure", () => {
  it('is the situation of exercise when it names the structure, with codes from its kind and cadre', () => {
    expect(authorStructureOf(practitioner, inMsp)).toEqual({
      idNatStruct: '312345678900017',
      name: 'MSP des Trois Rivières',
      facilityTypeCode: 'SA52',
      practiceSettingCode: 'AMBULATOIRE',
    });
    expect(
      authorStructureOf(practitioner, {
        ...inMsp,
        structure: { kind: 'essms', name: 'IME Les Tilleuls', idNat: '1690000123' },
        cadre: 'medico_social',
      }),
    ).toMatchObject({ facilityTypeCode: 'SA41', practiceSettingCode: 'ESSMS' });
  });

  it("keeps the record's finer facility type for the same structure", () => {
    const sameCabinet: SituationExercice = {
      ...inMsp,
      structure: { kind: 'cabinet', name: 'Cabinet Leroy', idNat: '398765432100025' },
    };
    expect(authorStructureOf(practitioner, sameCabinet)).toMatchObject({
      facilityTypeCode: 'SA08',
    });
  });

  it("falls back on the practitioner's record, and is missing when neither says", () => {
    const withoutIdNat = { ...inMsp, structure: { kind: 'msp' as const, name: 'MSP' } };
    expect(authorStructureOf(practitioner, withoutIdNat)).toMatchObject({
      idNatStruct: '398765432100025',
    });
    const bare = { ...practitioner, structureIdNat: null, structureName: null };
    expect(dmpAuthorOf(bare, undefined)).toBeUndefined();
    expect(dmpAuthorOf(bare, inMsp)?.structure.idNatStruct).toBe('312345678900017');
  });
});
