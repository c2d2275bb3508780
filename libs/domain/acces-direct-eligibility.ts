import { STRUCTURE_KIND_LABELS, type SituationExercice } from './situation-exercice';

/**
 * Whether an orthophoniste may see a patient without a prescription (art.
 * L.4341-1 CSP, avenant 20 art. 25 bis; facts §6.1): in a maison de santé,
 * an équipe de soins primaires, a centre de santé, an établissement de santé
 * or an ESSMS by default; in a CPTS only as an adherent, and only when the
 * CPTS's projet de santé provides for accès direct. Elsewhere (a cabinet
 * outside coordinated practice) a prescription remains required.
 */

/** What the engine knows of a CPTS for this decision. */
export interface CptsAccesDirect {
  id: string;
  name: string;
  /** The projet de santé writes in the terms of care without prescription. */
  projetDeSanteAccesDirect: boolean;
}

export type AccesDirectBasis =
  'msp' | 'esp' | 'centre_de_sante' | 'etablissement_de_sante' | 'essms' | 'cpts';

export type AccesDirectEligibility =
  | { eligible: true; basis: AccesDirectBasis }
  /** `reason` is the sentence the practitioner reads (the API's 403). */
  | { eligible: false; reason: string };

export function accesDirectEligibility(
  situation: SituationExercice,
  cpts: CptsAccesDirect | undefined,
): AccesDirectEligibility {
  const { kind } = situation.structure;
  if (kind !== 'cabinet') return { eligible: true, basis: kind };
  // A cabinet counts only through its CPTS.
  if (cpts && situation.cptsId === cpts.id && cpts.projetDeSanteAccesDirect) {
    return { eligible: true, basis: 'cpts' };
  }
  if (cpts && situation.cptsId === cpts.id) {
    return {
      eligible: false,
      reason:
        `Le projet de santé de la ${cpts.name} ne prévoit pas l'accès direct : ` +
        'une prescription médicale reste nécessaire pour ce patient.',
    };
  }
  return {
    eligible: false,
    reason:
      `Vous exercez en ${STRUCTURE_KIND_LABELS.cabinet} hors exercice coordonné : l'accès direct ` +
      "n'est ouvert qu'en MSP, ESP, centre de santé, établissement de santé ou médico-social, " +
      "ou comme adhérent d'une CPTS dont le projet de santé le prévoit. Une prescription médicale " +
      'reste nécessaire.',
  };
}
