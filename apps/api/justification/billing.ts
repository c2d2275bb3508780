import type { PractitionerRow } from '@app/persistence';

/**
 * How an accès-direct act is billed (Assurance Maladie, avenant 20 of the
 * orthophonistes' convention; ameli.fr, "Actes en accès direct par les
 * orthophonistes : conditions et modalités pratiques"): there is no
 * prescription, so the orthophoniste writes **their own** professional number
 * in the "Prescripteur" box of the feuille de soins (paper or SESAM-Vitale)
 * and attaches no prescription. Without it the acts read as acts without the
 * prescription they need: not reimbursed, at the orthophoniste's charge.
 */
export interface BillingView {
  /** What to write on the feuille de soins, in the orthophoniste's words (French). */
  instruction: string;
  /** The orthophoniste's RPPS: the prescripteur's RPPS on the feuille de soins. */
  prescripteurRpps: string | null;
  /** The orthophoniste's Assurance Maladie (AM/ADELI) billing number: the prescripteur's number. */
  prescripteurBillingNumber: string | null;
  /** True while no billing number is on record: the instruction says so. */
  billingNumberMissing: boolean;
}

export function billingOf(
  practitioner: Pick<PractitionerRow, 'rpps' | 'billingNumber'> | undefined,
): BillingView {
  const rpps = practitioner?.rpps ?? null;
  const billingNumber = practitioner?.billingNumber?.trim() || null;
  const numbers = billingNumber
    ? `votre numéro Assurance Maladie ${billingNumber}${rpps ? `, RPPS ${rpps}` : ''}`
    : `votre numéro Assurance Maladie (AM/ADELI)${rpps ? `, RPPS ${rpps}` : ''}`;
  const missing = billingNumber
    ? ''
    : ' Votre numéro Assurance Maladie n’est pas enregistré dans le moteur : enregistrez-le (PUT /practitioners/{id}/billing-number, ou demandez-le au coordinateur de votre CPTS), il ne peut pas être rempli à votre place.';
  return {
    instruction:
      'Accès direct, sans prescription médicale : sur la feuille de soins, inscrivez dans la case ' +
      `« Prescripteur » votre propre identifiant (${numbers}), pas celui d’un médecin, et ne joignez ` +
      'aucune prescription. Sans votre numéro dans cette case, la facture ne relève pas de l’accès ' +
      'direct : les actes ne sont pas pris en charge et restent à votre charge.' +
      missing,
    prescripteurRpps: rpps,
    prescripteurBillingNumber: billingNumber,
    billingNumberMissing: billingNumber === null,
  };
}
