import { PscError } from './errors';

/**
 * The practitioner Pro Santé Connect vouches for, read from its userinfo
 * claims (facts.md §4): the national id from `SubjectNameID`, the professions
 * and places of exercise from `SubjectRefPro`. PSC writes every absent value as
 * an empty string; here an absent value is `undefined`.
 */
export interface PscPractitioner {
  /**
   * `SubjectNameID`, the national PS identifier (idNat_PS): "8" + RPPS for a
   * practitioner in RPPS. The stable key of a practitioner: `sub` is PSC's own
   * account id and says nothing the engine can match.
   */
  idNatPs: string;
  /** The 11-digit RPPS number when `idNatPs` is "8" + RPPS; null for any other kind of id. */
  rpps: string | null;
  /** `codeCivilite` (M, MME). */
  civilite?: string;
  familyName: string;
  givenName: string;
  exercices: PscExercice[];
}

/** One profession the practitioner exercises (an "exercice professionnel" of `SubjectRefPro`). */
export interface PscExercice {
  /** TRE_G15 profession code: "91" orthophoniste, "10" médecin, "60" infirmier… */
  codeProfession: string;
  /** TRE_R09: C civil, M militaire, E étudiant. */
  categorieProfessionnelle?: string;
  civiliteDexercice?: string;
  nomDexercice?: string;
  prenomDexercice?: string;
  /** A specialty or other savoir-faire (TRE_R04 type, TRE_R38/R39… code). */
  savoirFaire?: { type?: string; code: string };
  activities: PscActivity[];
}

/** One place and way the profession is exercised (an "activité" / situation d'exercice). */
export interface PscActivity {
  /** TRE_R23: L libéral, S salarié, B bénévole. */
  modeExercice?: string;
  /** TRE_R02 sector of the structure: SA07 cabinet individuel, SA52 maison de santé… */
  secteur?: string;
  /** TRE_R22 (GENR01…). */
  genreActivite?: string;
  /** `codeRole`: the practitioner's role in the structure. */
  role?: string;
  structure: PscStructure;
}

export interface PscStructure {
  /** `identifiantTechniqueDeLaStructure`, the Annuaire Santé's technical id (R…, F…). */
  idTechnique?: string;
  /** `ancienIdentifiantDeLaStructure`: the structure's idNat_Struct (1+FINESS, 3+SIRET, 4+RPPS-rang…). */
  idNatStruct?: string;
  raisonSociale?: string;
  enseigne?: string;
  finess?: string;
  finessJuridique?: string;
  siret?: string;
  siren?: string;
  address?: PscAddress;
  telephone?: string;
  email?: string;
}

/** The structure's address, with PSC's field names. */
export interface PscAddress {
  complementDestinataire?: string;
  complementPointGeographique?: string;
  numeroVoie?: string;
  indiceRepetitionVoie?: string;
  codeTypeDeVoie?: string;
  libelleVoie?: string;
  mentionDistribution?: string;
  bureauCedex?: string;
  codePostal?: string;
  codeCommune?: string;
  codePays?: string;
}

/** TRE_G15 profession code of an orthophoniste. */
export const PROFESSION_ORTHOPHONISTE = '91';

/** RPPS-based idNat_PS: "8" then the 11-digit RPPS number. */
const RPPS_ID_NAT = /^8(\d{11})$/;
/** Every idNat_PS form (8+RPPS, 0+ADELI, 1/3/4/5/6+structure ids) and ANS's test ids ("ANS2023…"). */
const ID_NAT_PS = /^[0-9A-Za-z]{2,40}$/;

export function isOrthophoniste(practitioner: Pick<PscPractitioner, 'exercices'>): boolean {
  return practitioner.exercices.some((e) => e.codeProfession === PROFESSION_ORTHOPHONISTE);
}

/**
 * Reads PSC's userinfo. Strict on `SubjectNameID`, which becomes the
 * practitioner's identity (absent, empty or malformed → USERINFO_INVALID);
 * tolerant elsewhere: a missing optional field is left out, and an exercice
 * without a profession code is dropped rather than guessed.
 */
export function practitionerFromUserinfo(
  userinfo: Readonly<Record<string, unknown>>,
): PscPractitioner {
  const idNatPs = userinfo.SubjectNameID;
  if (typeof idNatPs !== 'string' || !ID_NAT_PS.test(idNatPs)) {
    throw new PscError(
      'USERINFO_INVALID',
      `PSC userinfo has no usable SubjectNameID (${idNatPs === undefined ? 'absent' : JSON.stringify(idNatPs)})`,
    );
  }
  const rpps = RPPS_ID_NAT.exec(idNatPs)?.[1] ?? null;
  if (idNatPs.startsWith('8') && !rpps) {
    throw new PscError(
      'USERINFO_INVALID',
      `PSC userinfo SubjectNameID ${idNatPs} starts with "8" (RPPS) but is not "8" + 11 digits`,
    );
  }
  const refPro = record(parsedIfString(userinfo.SubjectRefPro));
  const exercices = array(refPro?.exercices)
    .map(exerciceOf)
    .filter((e): e is PscExercice => e !== undefined);
  const first = exercices[0];
  return {
    idNatPs,
    rpps,
    ...defined({ civilite: text(userinfo.codeCivilite) ?? text(refPro?.codeCivilite) }),
    familyName: text(userinfo.family_name) ?? first?.nomDexercice ?? '',
    givenName: text(userinfo.given_name) ?? first?.prenomDexercice ?? '',
    exercices,
  };
}

function exerciceOf(value: unknown): PscExercice | undefined {
  const e = record(value);
  const codeProfession = text(e?.codeProfession);
  if (!e || !codeProfession) return undefined;
  const savoirFaire = text(e.codeSavoirFaire);
  return {
    codeProfession,
    ...defined({
      categorieProfessionnelle: text(e.codeCategorieProfessionnelle),
      civiliteDexercice: text(e.codeCiviliteDexercice),
      nomDexercice: text(e.nomDexercice),
      prenomDexercice: text(e.prenomDexercice),
      savoirFaire: savoirFaire
        ? { ...defined({ type: text(e.codeTypeSavoirFaire) }), code: savoirFaire }
        : undefined,
    }),
    activities: array(e.activities)
      .map(record)
      .filter((a): a is Record<string, unknown> => a !== undefined)
      .map(activityOf),
  };
}

function activityOf(a: Record<string, unknown>): PscActivity {
  const address = defined({
    complementDestinataire: text(a.complementDestinataire),
    complementPointGeographique: text(a.complementPointGeographique),
    numeroVoie: text(a.numeroVoie),
    indiceRepetitionVoie: text(a.indiceRepetitionVoie),
    codeTypeDeVoie: text(a.codeTypeDeVoie),
    libelleVoie: text(a.libelleVoie),
    mentionDistribution: text(a.mentionDistribution),
    bureauCedex: text(a.bureauCedex),
    codePostal: text(a.codePostal),
    codeCommune: text(a.codeCommune),
    codePays: text(a.codePays),
  });
  return {
    ...defined({
      modeExercice: text(a.codeModeExercice),
      secteur: text(a.codeSecteurDactivite),
      genreActivite: text(a.codeGenreActivite),
      role: text(a.codeRole),
    }),
    structure: defined({
      idTechnique: text(a.identifiantTechniqueDeLaStructure),
      idNatStruct: text(a.ancienIdentifiantDeLaStructure),
      raisonSociale: text(a.raisonSocialeSite),
      enseigne: text(a.enseigneCommercialeSite),
      finess: text(a.numeroFinessSite),
      finessJuridique: text(a.numeroFinessetablissementJuridique),
      siret: text(a.numeroSiretSite),
      siren: text(a.numeroSirenSite),
      address: Object.keys(address).length > 0 ? address : undefined,
      telephone: text(a.telephone),
      email: text(a.adresseEMail),
    }),
  };
}

/** A non-empty trimmed string, or undefined: PSC sends "" for every absent value. */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Some OpenID Connect relays (a Keycloak mapper of type String, for one) pass
 * nested claims on as JSON text: `SubjectRefPro` is read from either.
 */
function parsedIfString(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** The object without its undefined properties, so that absent fields stay absent. */
function defined<T extends Record<string, unknown>>(
  fields: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
