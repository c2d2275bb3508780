import { DomainError } from '@app/domain';
import { INS_OIDS } from '@app/dmp';
import type { InsiAnswer } from './identity';
import type { ApcvIdentityRead, VitaleCardRead } from './vitale';

/**
 * What the engine asks of the workstation's card-reading middleware. The
 * engine never talks to card hardware: a real implementation wraps the
 * certified middleware, tests and demos use `VirtualCardReader`.
 */
export interface CardReader {
  readVitale(): Promise<VitaleCardRead>;
  readApcv(): Promise<ApcvIdentityRead>;
}

/**
 * Fictitious test people, on the test NIR OID 1.2.250.1.213.1.4.10: the
 * identity INSi would return for each. Keys computed with 97 − (n mod 97) and
 * checked by hand in virtual-reader.spec.ts.
 */
export const TEST_PEOPLE = {
  /** The ANS CDA example's patient; insured, mother of Maxime. Born in Châlons (51). */
  dominique: {
    ins: { matricule: '279035121518989', oid: INS_OIDS.testNir },
    traits: {
      birthFamilyName: 'PAT-TROIS',
      firstNames: 'DOMINIQUE MARIE-LOUISE',
      birthDate: '19790328',
      sex: 'F',
      birthPlaceCode: '51215',
    },
  },
  /** Dependant child on his mother's card: his INS is his own, not the card's NIR. Key 97. */
  maxime: {
    ins: { matricule: '116095145402797', oid: INS_OIDS.testNir },
    traits: {
      birthFamilyName: 'PAT-TROIS',
      firstNames: 'MAXIME JULES',
      birthDate: '20160914',
      sex: 'M',
      birthPlaceCode: '51454',
    },
  },
  /** Born in Ajaccio (2A004), insured. */
  paule: {
    ins: { matricule: '285052A00411811', oid: INS_OIDS.testNir },
    traits: {
      birthFamilyName: 'ORSONI-TEST',
      firstNames: 'PAULE ANGELE',
      birthDate: '19850517',
      sex: 'F',
      birthPlaceCode: '2A004',
    },
  },
  /** Born in Bastia (2B033). */
  ange: {
    ins: { matricule: '192022B03304663', oid: INS_OIDS.testNir },
    traits: {
      birthFamilyName: "D'ANGELO-TEST",
      firstNames: 'ANGE',
      birthDate: '19920211',
      sex: 'M',
      birthPlaceCode: '2B033',
    },
  },
  /**
   * Born in Morocco (99350), birth day and month unknown: NIR month 50, lunar
   * date 19420000 on the card. What INSi returns for such a date is
   * UNCONFIRMED (facts §2.4); the test data keep the card's date.
   */
  youssef: {
    ins: { matricule: '142509935001257', oid: INS_OIDS.testNir },
    traits: {
      birthFamilyName: 'EL AMRANI-TEST',
      firstNames: 'YOUSSEF',
      birthDate: '19420000',
      sex: 'M',
      birthPlaceCode: '99350',
    },
  },
} as const;

export type TestPerson = keyof typeof TEST_PEOPLE;

/** INSi's answer for a test person, as a fake INSi would give it. */
export function testInsiAnswer(person: TestPerson): InsiAnswer {
  const { ins, traits } = TEST_PEOPLE[person];
  return { code: '00', ins: { ...ins }, traits: { ...traits } };
}

/** Cards as the middleware returns them (facts §5.1 shape). */
export const TEST_VITALE_CARDS = {
  /** Dominique's card, with her son Maxime as a dependant. */
  famillePatTrois: {
    type: '0',
    numeroSerie: '0000000001',
    NIR: '2790351215189',
    cleNIR: '89',
    codeRegime: '01',
    caisseGestionnaire: '511',
    centreGestionnaire: '0000',
    lstDonneesBeneficiaire: [
      {
        numero: '1',
        nomUsuel: 'PAT-TROIS',
        nomPatronymique: 'PAT-TROIS',
        prenom: 'DOMINIQUE',
        dateNaissance: '19790328',
        rangGemellaire: '1',
        qualite: '0',
        libelleQualite: 'Assuré',
      },
      {
        numero: '2',
        nomUsuel: 'PAT-TROIS',
        nomPatronymique: 'PAT-TROIS',
        prenom: 'MAXIME',
        dateNaissance: '20160914',
        rangGemellaire: '1',
        qualite: '6',
        libelleQualite: 'Enfant',
      },
    ],
  },
  /** Paule, born in Corsica (2A), married name on the card. */
  orsoni: {
    type: '0',
    numeroSerie: '0000000002',
    NIR: '285052A004118',
    cleNIR: '11',
    codeRegime: '01',
    lstDonneesBeneficiaire: [
      {
        numero: '1',
        nomUsuel: 'SANTONI-TEST',
        nomPatronymique: 'ORSONI-TEST',
        prenom: 'PAULE',
        NIRCertifie: '285052A004118',
        cleNIRCertifie: '11',
        dateNaissance: '19850517',
        rangGemellaire: '1',
        qualite: '0',
        libelleQualite: 'Assuré',
      },
    ],
  },
  /** Youssef, born abroad with a lunar birth date. */
  elAmrani: {
    type: '0',
    numeroSerie: '0000000003',
    NIR: '1425099350012',
    cleNIR: '57',
    codeRegime: '01',
    lstDonneesBeneficiaire: [
      {
        numero: '1',
        nomUsuel: 'EL AMRANI-TEST',
        nomPatronymique: 'EL AMRANI-TEST',
        prenom: 'YOUSSEF',
        dateNaissance: '19420000',
        rangGemellaire: '1',
        qualite: '0',
        libelleQualite: 'Assuré',
      },
    ],
  },
} as const satisfies Record<string, VitaleCardRead>;

/** Ange's appli carte Vitale (hypothetical shape, see ApcvIdentityRead). */
export const TEST_APCV = {
  ange: {
    nomNaissance: "D'ANGELO-TEST",
    prenoms: 'ANGE',
    dateNaissance: '19920211',
    sexe: 'M',
    lieuNaissance: '2B033',
    ins: { matricule: '192022B03304663', oid: INS_OIDS.testNir },
    nir: '192022B03304663',
  },
} as const satisfies Record<string, ApcvIdentityRead>;

/**
 * A card reader without hardware: a test inserts a card (or shows a phone) and
 * reads it. Each read returns a copy, so a test cannot alter the fixtures.
 */
export class VirtualCardReader implements CardReader {
  private card?: VitaleCardRead;
  private phone?: ApcvIdentityRead;

  insertCard(card: VitaleCardRead): this {
    this.card = card;
    return this;
  }

  removeCard(): this {
    this.card = undefined;
    return this;
  }

  showApcv(read: ApcvIdentityRead): this {
    this.phone = read;
    return this;
  }

  async readVitale(): Promise<VitaleCardRead> {
    if (!this.card) throw new DomainError('unavailable', 'no Carte Vitale in the reader');
    return structuredClone(this.card);
  }

  async readApcv(): Promise<ApcvIdentityRead> {
    if (!this.phone) throw new DomainError('unavailable', 'no appli carte Vitale presented');
    return structuredClone(this.phone);
  }
}
