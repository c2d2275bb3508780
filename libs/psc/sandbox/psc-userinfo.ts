import type { PscActivity, PscExercice, PscPractitioner } from '../practitioner-claims';

/** The userinfo claims PSC releases under `scope_all` (facts.md §4), besides `sub`. */
export const PSC_SCOPE_ALL_CLAIMS = [
  'preferred_username',
  'given_name',
  'family_name',
  'email_verified',
  'codeCivilite',
  'SubjectNameID',
  'SubjectRole',
  'SubjectOrganization',
  'SubjectOrganizationID',
  'SubjectRefPro',
  'Secteur_Activite',
  'codeGenreActivite',
  'Mode_Acces_Raison',
  'Acces_Regulation_Medicale',
  'Palier_Authentification',
  'PSI_Locale',
  'UITVersion',
  'otherIds',
] as const;

/** OIDs PSC appends to codes ("SA07^1.2.250.1.71.4.2.4"), as in the observed BAS answers. */
const OID_PROFESSION = '1.2.250.1.213.1.1.5.5';
const OID_SECTEUR = '1.2.250.1.71.4.2.4';
const PALIER_CPS = 'APPPRIP3^1.2.250.1.213.1.5.1.1.1';
const PSI_LOCALE = '1.2.250.1.213.1.3.1.1';

/**
 * PSC's subject is its Keycloak account id, "f:<federation id>:<SubjectNameID>"
 * in the observed answers: opaque to the engine, which keys on SubjectNameID.
 */
export function pscSubjectOf(practitioner: Pick<PscPractitioner, 'idNatPs'>): string {
  return `f:6c1e1a2d-5a52-4b7e-9c3f-0a5d1c0ffee1:${practitioner.idNatPs}`;
}

/**
 * The userinfo PSC would answer for this practitioner: PSC's claim names,
 * every field present and "" when it has no value, the first activity
 * repeated in the flat SubjectOrganization / Secteur_Activite claims.
 */
export function pscUserinfoOf(practitioner: PscPractitioner): Record<string, unknown> {
  const firstActivity = practitioner.exercices[0]?.activities[0];
  return {
    sub: pscSubjectOf(practitioner),
    preferred_username: practitioner.idNatPs,
    given_name: practitioner.givenName,
    family_name: practitioner.familyName,
    email_verified: false,
    codeCivilite: practitioner.civilite ?? '',
    SubjectNameID: practitioner.idNatPs,
    SubjectRole: practitioner.exercices.map((e) => `${e.codeProfession}^${OID_PROFESSION}`),
    SubjectOrganization: firstActivity?.structure.raisonSociale ?? '',
    SubjectOrganizationID: firstActivity?.structure.idTechnique ?? '',
    Secteur_Activite: firstActivity?.secteur ? `${firstActivity.secteur}^${OID_SECTEUR}` : '',
    codeGenreActivite: firstActivity?.genreActivite ?? '',
    Mode_Acces_Raison: '',
    Acces_Regulation_Medicale: 'FAUX',
    Palier_Authentification: PALIER_CPS,
    PSI_Locale: PSI_LOCALE,
    UITVersion: '1.0',
    otherIds: [
      {
        identifiant: practitioner.idNatPs,
        origine: practitioner.rpps ? 'RPPS' : 'EDIT',
        qualite: 1,
      },
    ],
    SubjectRefPro: {
      codeCivilite: practitioner.civilite ?? '',
      exercices: practitioner.exercices.map(exerciceClaim),
    },
  };
}

function exerciceClaim(e: PscExercice): Record<string, unknown> {
  return {
    codeProfession: e.codeProfession,
    codeCategorieProfessionnelle: e.categorieProfessionnelle ?? '',
    codeCiviliteDexercice: e.civiliteDexercice ?? '',
    nomDexercice: e.nomDexercice ?? '',
    prenomDexercice: e.prenomDexercice ?? '',
    codeTypeSavoirFaire: e.savoirFaire?.type ?? '',
    codeSavoirFaire: e.savoirFaire?.code ?? '',
    activities: e.activities.map(activityClaim),
  };
}

function activityClaim(a: PscActivity): Record<string, unknown> {
  const s = a.structure;
  const address = s.address ?? {};
  return {
    codeModeExercice: a.modeExercice ?? '',
    codeSecteurDactivite: a.secteur ?? '',
    codeSectionPharmacien: '',
    codeRole: a.role ?? '',
    codeGenreActivite: a.genreActivite ?? '',
    numeroSiretSite: s.siret ?? '',
    numeroSirenSite: s.siren ?? '',
    numeroFinessSite: s.finess ?? '',
    numeroFinessetablissementJuridique: s.finessJuridique ?? '',
    identifiantTechniqueDeLaStructure: s.idTechnique ?? '',
    raisonSocialeSite: s.raisonSociale ?? '',
    enseigneCommercialeSite: s.enseigne ?? '',
    complementDestinataire: address.complementDestinataire ?? '',
    complementPointGeographique: address.complementPointGeographique ?? '',
    numeroVoie: address.numeroVoie ?? '',
    indiceRepetitionVoie: address.indiceRepetitionVoie ?? '',
    codeTypeDeVoie: address.codeTypeDeVoie ?? '',
    libelleVoie: address.libelleVoie ?? '',
    mentionDistribution: address.mentionDistribution ?? '',
    bureauCedex: address.bureauCedex ?? '',
    codePostal: address.codePostal ?? '',
    codeCommune: address.codeCommune ?? '',
    codePays: address.codePays ?? '',
    telephone: s.telephone ?? '',
    telephone2: '',
    telecopie: '',
    adresseEMail: s.email ?? '',
    codeDepartement: '',
    ancienIdentifiantDeLaStructure: s.idNatStruct ?? '',
    autoriteDenregistrement: '',
  };
}
