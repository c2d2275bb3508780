import { PscError } from './errors';
import { isOrthophoniste, practitionerFromUserinfo } from './practitioner-claims';

/**
 * A userinfo as PSC answers it (facts.md §4: the claim names of an observed
 * BAS answer), for a fictitious orthophoniste with two situations of exercise:
 * libérale in a maison de santé, salariée in a hospital. Every absent value is
 * an empty string, as PSC writes it.
 */
function pscUserinfo(): Record<string, unknown> {
  return {
    Secteur_Activite: 'SA52^1.2.250.1.71.4.2.4',
    sub: 'f:550dc1c8-d97b-4b1e-ac8c-8eb4471cf9dd:810000000201',
    email_verified: false,
    SubjectOrganization: 'MSP DU VAL FLEURI',
    Mode_Acces_Raison: '',
    preferred_username: '810000000201',
    given_name: 'Anne',
    Acces_Regulation_Medicale: 'FAUX',
    UITVersion: '1.0',
    Palier_Authentification: 'APPPRIP3^1.2.250.1.213.1.5.1.1.1',
    codeCivilite: 'MME',
    SubjectRefPro: {
      codeCivilite: 'MME',
      exercices: [
        {
          codeProfession: '91',
          codeCategorieProfessionnelle: 'C',
          codeCiviliteDexercice: '',
          nomDexercice: 'DURAND-TEST',
          prenomDexercice: 'Anne',
          codeTypeSavoirFaire: '',
          codeSavoirFaire: '',
          activities: [
            {
              codeModeExercice: 'L',
              codeSecteurDactivite: 'SA52',
              codeSectionPharmacien: '',
              codeRole: '',
              codeGenreActivite: 'GENR01',
              numeroSiretSite: '12345678900017',
              numeroSirenSite: '123456789',
              numeroFinessSite: '',
              numeroFinessetablissementJuridique: '',
              identifiantTechniqueDeLaStructure: 'R12345',
              raisonSocialeSite: 'MSP DU VAL FLEURI',
              enseigneCommercialeSite: '',
              complementDestinataire: '',
              complementPointGeographique: 'BATIMENT B',
              numeroVoie: '3',
              indiceRepetitionVoie: 'BIS',
              codeTypeDeVoie: 'R',
              libelleVoie: 'DES LILAS',
              mentionDistribution: '',
              bureauCedex: '51100 REIMS',
              codePostal: '51100',
              codeCommune: '51454',
              codePays: '99000',
              telephone: '0326000000',
              telephone2: '',
              telecopie: '',
              adresseEMail: '',
              codeDepartement: '51',
              ancienIdentifiantDeLaStructure: '312345678900017',
              autoriteDenregistrement: 'CNOO/CNOO/ARS',
            },
            {
              codeModeExercice: 'S',
              codeSecteurDactivite: 'SA01',
              codeSectionPharmacien: '',
              codeRole: '',
              codeGenreActivite: 'GENR01',
              numeroSiretSite: '',
              numeroSirenSite: '',
              numeroFinessSite: '0B0139374',
              numeroFinessetablissementJuridique: '1B0058982',
              identifiantTechniqueDeLaStructure: 'F0B0139374',
              raisonSocialeSite: 'CENTRE HOSPITALIER TEST',
              enseigneCommercialeSite: '',
              complementDestinataire: '',
              complementPointGeographique: '',
              numeroVoie: '',
              indiceRepetitionVoie: '',
              codeTypeDeVoie: '',
              libelleVoie: '',
              mentionDistribution: '',
              bureauCedex: '',
              codePostal: '',
              codeCommune: '',
              codePays: '',
              telephone: '',
              telephone2: '',
              telecopie: '',
              adresseEMail: '',
              codeDepartement: '',
              ancienIdentifiantDeLaStructure: '10B0139374',
              autoriteDenregistrement: '',
            },
          ],
        },
      ],
    },
    SubjectOrganizationID: 'R12345',
    SubjectRole: ['91^1.2.250.1.213.1.1.5.5'],
    PSI_Locale: '1.2.250.1.213.1.3.1.1',
    otherIds: [{ identifiant: '810000000201', origine: 'RPPS', qualite: 1 }],
    SubjectNameID: '810000000201',
    family_name: 'DURAND-TEST',
  };
}

function invalid(userinfo: Record<string, unknown>): PscError {
  try {
    practitionerFromUserinfo(userinfo);
  } catch (error) {
    expect(error).toBeInstanceOf(PscError);
    expect(error).toMatchObject({ code: 'USERINFO_INVALID', retryable: false });
    return error as PscError;
  }
  throw new Error('the userinfo was accepted');
}

describe('practitionerFromUserinfo', () => {
  it('maps the RPPS from SubjectNameID and the exercise from SubjectRefPro', () => {
    expect(practitionerFromUserinfo(pscUserinfo())).toEqual({
      idNatPs: '810000000201',
      rpps: '10000000201',
      civilite: 'MME',
      familyName: 'DURAND-TEST',
      givenName: 'Anne',
      exercices: [
        {
          codeProfession: '91',
          categorieProfessionnelle: 'C',
          nomDexercice: 'DURAND-TEST',
          prenomDexercice: 'Anne',
          activities: [
            {
              modeExercice: 'L',
              secteur: 'SA52',
              genreActivite: 'GENR01',
              structure: {
                idTechnique: 'R12345',
                idNatStruct: '312345678900017',
                raisonSociale: 'MSP DU VAL FLEURI',
                siret: '12345678900017',
                siren: '123456789',
                address: {
                  complementPointGeographique: 'BATIMENT B',
                  numeroVoie: '3',
                  indiceRepetitionVoie: 'BIS',
                  codeTypeDeVoie: 'R',
                  libelleVoie: 'DES LILAS',
                  bureauCedex: '51100 REIMS',
                  codePostal: '51100',
                  codeCommune: '51454',
                  codePays: '99000',
                },
                telephone: '0326000000',
              },
            },
            {
              modeExercice: 'S',
              secteur: 'SA01',
              genreActivite: 'GENR01',
              structure: {
                idTechnique: 'F0B0139374',
                idNatStruct: '10B0139374',
                raisonSociale: 'CENTRE HOSPITALIER TEST',
                finess: '0B0139374',
                finessJuridique: '1B0058982',
              },
            },
          ],
        },
      ],
    });
  });

  it('keeps an id that is not RPPS-based, without an RPPS (ANS test accounts, ADELI)', () => {
    const ansTest = practitionerFromUserinfo({
      ...pscUserinfo(),
      SubjectNameID: 'ANS20231122132732',
    });
    expect(ansTest).toMatchObject({ idNatPs: 'ANS20231122132732', rpps: null });
    const adeli = practitionerFromUserinfo({ ...pscUserinfo(), SubjectNameID: '0751234567' });
    expect(adeli).toMatchObject({ idNatPs: '0751234567', rpps: null });
  });

  it('is strict on SubjectNameID: absent, empty, not text, or a malformed RPPS id', () => {
    const { SubjectNameID: _absent, ...withoutId } = pscUserinfo();
    expect(invalid(withoutId).message).toMatch(/absent/);
    invalid({ ...pscUserinfo(), SubjectNameID: '' });
    invalid({ ...pscUserinfo(), SubjectNameID: 810000000201 });
    invalid({ ...pscUserinfo(), SubjectNameID: '8 10000000201' });
    invalid({ ...pscUserinfo(), SubjectNameID: '8100000002' });
  });

  it('is tolerant of missing optional claims', () => {
    const minimal = practitionerFromUserinfo({
      sub: 'f:x:810000000201',
      SubjectNameID: '810000000201',
    });
    expect(minimal).toEqual({
      idNatPs: '810000000201',
      rpps: '10000000201',
      familyName: '',
      givenName: '',
      exercices: [],
    });

    const noActivities = practitionerFromUserinfo({
      SubjectNameID: '810000000201',
      SubjectRefPro: {
        exercices: [
          { codeProfession: '91', nomDexercice: 'DURAND-TEST', prenomDexercice: 'Anne' },
          { codeProfession: '' },
          'not an exercice',
        ],
      },
    });
    // Names fall back on the exercice's; an exercice without a profession is dropped.
    expect(noActivities).toMatchObject({ familyName: 'DURAND-TEST', givenName: 'Anne' });
    expect(noActivities.exercices).toEqual([
      {
        codeProfession: '91',
        nomDexercice: 'DURAND-TEST',
        prenomDexercice: 'Anne',
        activities: [],
      },
    ]);
  });

  it('reads a SubjectRefPro relayed as JSON text', () => {
    const userinfo = pscUserinfo();
    const relayed = { ...userinfo, SubjectRefPro: JSON.stringify(userinfo.SubjectRefPro) };
    expect(practitionerFromUserinfo(relayed)).toEqual(practitionerFromUserinfo(userinfo));
    expect(practitionerFromUserinfo({ ...userinfo, SubjectRefPro: '{not json' }).exercices).toEqual(
      [],
    );
  });
});

describe('isOrthophoniste', () => {
  it('is true when one of the exercices is profession 91', () => {
    const practitioner = practitionerFromUserinfo(pscUserinfo());
    expect(isOrthophoniste(practitioner)).toBe(true);
    expect(
      isOrthophoniste({
        exercices: [
          { codeProfession: '60', activities: [] },
          { codeProfession: '91', activities: [] },
        ],
      }),
    ).toBe(true);
    expect(isOrthophoniste({ exercices: [{ codeProfession: '10', activities: [] }] })).toBe(false);
    expect(isOrthophoniste({ exercices: [] })).toBe(false);
  });
});
