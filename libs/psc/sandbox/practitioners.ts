import type { PscPractitioner } from '../practitioner-claims';

/** A test practitioner the sandbox can log in, with what the login page says about them. */
export interface PscSandboxPractitioner extends PscPractitioner {
  /** One line on the login page: who this is in the demo. */
  label: string;
}

/** An orthophoniste's single libéral exercice at one structure (SIRET-identified). */
function orthophonisteLiberal(
  rpps: string,
  civilite: 'M' | 'MME',
  givenName: string,
  familyName: string,
  structure: { raisonSociale: string; siret: string; secteur: string; idTechnique: string },
  address: {
    numeroVoie: string;
    codeTypeDeVoie: string;
    libelleVoie: string;
    codePostal: string;
    codeCommune: string;
  },
): PscPractitioner {
  return {
    idNatPs: `8${rpps}`,
    rpps,
    civilite,
    familyName,
    givenName,
    exercices: [
      {
        codeProfession: '91',
        categorieProfessionnelle: 'C',
        nomDexercice: familyName,
        prenomDexercice: givenName,
        activities: [
          {
            modeExercice: 'L',
            secteur: structure.secteur,
            genreActivite: 'GENR01',
            structure: {
              idTechnique: structure.idTechnique,
              idNatStruct: `3${structure.siret}`,
              raisonSociale: structure.raisonSociale,
              siret: structure.siret,
              siren: structure.siret.slice(0, 9),
              address: { ...address, codePays: '99000' },
            },
          },
        ],
      },
    ],
  };
}

/**
 * The sandbox's test practitioners. Camille LEROY and Hugo BERNARD are the
 * demo's orthophonistes (same RPPS, names and structures as
 * apps/local/demo-data.ts): one in a maison de santé (SA52), one in a
 * cabinet (SA07), members of two CPTS. Léa MOREL practises alone and belongs
 * to no CPTS: accès direct is not open to her. Sophie GARNIER, an infirmière
 * employed by the CPTS (SA57, structure with a coordination mission), is its
 * coordinator. PSC knows nothing of CPTS roles: the engine's own configuration
 * says who coordinates what. All fictitious; SubjectNameID is "8" + RPPS.
 */
export const DEFAULT_PSC_SANDBOX_PRACTITIONERS: readonly PscSandboxPractitioner[] = [
  {
    label: 'Orthophoniste, MSP Démo des Trois Rivières (CPTS Démo des Trois Rivières)',
    ...orthophonisteLiberal(
      '10000000101',
      'MME',
      'Camille',
      'LEROY',
      {
        raisonSociale: 'MSP DEMO DES TROIS RIVIERES',
        siret: '12345678900017',
        secteur: 'SA52',
        idTechnique: 'R90101',
      },
      {
        numeroVoie: '3',
        codeTypeDeVoie: 'R',
        libelleVoie: 'DES TROIS RIVIERES',
        codePostal: '51100',
        codeCommune: '51454',
      },
    ),
  },
  {
    label: "Orthophoniste, Cabinet d'orthophonie Bernard (CPTS Démo accélérée)",
    ...orthophonisteLiberal(
      '10000000102',
      'M',
      'Hugo',
      'BERNARD',
      {
        raisonSociale: "CABINET D'ORTHOPHONIE BERNARD",
        siret: '98765432100025',
        secteur: 'SA07',
        idTechnique: 'R90102',
      },
      {
        numeroVoie: '12',
        codeTypeDeVoie: 'AV',
        libelleVoie: 'JEAN JAURES',
        codePostal: '33000',
        codeCommune: '33063',
      },
    ),
  },
  {
    label: 'Orthophoniste en cabinet individuel, hors exercice coordonné (aucune CPTS)',
    ...orthophonisteLiberal(
      '10000000103',
      'MME',
      'Léa',
      'MOREL',
      {
        raisonSociale: "CABINET D'ORTHOPHONIE MOREL",
        siret: '44778899000003',
        secteur: 'SA07',
        idTechnique: 'R90103',
      },
      {
        numeroVoie: '8',
        codeTypeDeVoie: 'PL',
        libelleVoie: 'DE LA REPUBLIQUE',
        codePostal: '69002',
        codeCommune: '69382',
      },
    ),
  },
  {
    label: 'Coordinatrice de la CPTS Démo des Trois Rivières (infirmière salariée de la CPTS)',
    idNatPs: '810000000901',
    rpps: '10000000901',
    civilite: 'MME',
    familyName: 'GARNIER',
    givenName: 'Sophie',
    exercices: [
      {
        codeProfession: '60',
        categorieProfessionnelle: 'C',
        nomDexercice: 'GARNIER',
        prenomDexercice: 'Sophie',
        activities: [
          {
            modeExercice: 'S',
            secteur: 'SA57',
            genreActivite: 'GENR01',
            structure: {
              idTechnique: 'R90901',
              idNatStruct: '355223344000007',
              raisonSociale: 'CPTS DEMO DES TROIS RIVIERES',
              siret: '55223344000007',
              siren: '552233440',
              address: {
                numeroVoie: '1',
                codeTypeDeVoie: 'PL',
                libelleVoie: "DE L'HOTEL DE VILLE",
                codePostal: '51100',
                codeCommune: '51454',
                codePays: '99000',
              },
            },
          },
        ],
      },
    ],
  },
];
