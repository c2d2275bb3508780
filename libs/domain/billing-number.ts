/**
 * The number a practitioner bills the Assurance Maladie under: the numéro
 * d'identification AM of a libéral (the number on their feuilles de soins),
 * or, for a salaried practitioner, their ADELI number. Both have nine
 * characters: two for the département (2A or 2B in Corsica), seven digits.
 * The RPPS identifies the person; this number is what the caisse pays, and
 * what goes in the prescripteur box of an act done in accès direct, where the
 * orthophoniste prescribes for themselves.
 *
 * Only the form is checked: the key's algorithm is the caisse's, and a
 * number that looks right but is wrong is refused by the caisse at billing.
 */
const BILLING_NUMBER = /^(?:[0-9]{2}|2[AB])[0-9]{7}$/;

/** The number as written on a carte professionnelle: spaces and dots between groups are dropped. */
export function normalizedBillingNumber(raw: string): string {
  return raw.replace(/[\s.]/g, '').toUpperCase();
}

/** What is wrong with a billing number (after normalisation), or undefined. */
export function billingNumberProblem(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return 'must be a numéro AM or ADELI (9 characters)';
  const value = normalizedBillingNumber(raw);
  if (!BILLING_NUMBER.test(value)) {
    return 'must be a numéro AM or ADELI: 9 digits (2A or 2B first for Corsica)';
  }
  return undefined;
}

/** Something to fix that does not stop the request (a refusal would be an error). */
export interface OpeningWarning {
  code: string;
  message: string;
}

/** The warning an orthophoniste without a billing number reads when opening a pathway. */
export const BILLING_NUMBER_MISSING: OpeningWarning = {
  code: 'billing_number_missing',
  message:
    "Aucun numéro de facturation (numéro AM ou ADELI) n'est enregistré pour vous : les actes en accès direct se facturent sous votre propre numéro, porté en prescripteur. Renseignez-le (PUT /practitioners/{id}/billing-number) avant de facturer ce parcours.",
};

/** What an orthophoniste opening a pathway should fix, without it stopping them. */
export function pathwayOpeningWarnings(practitioner: {
  billingNumber: string | null;
}): OpeningWarning[] {
  return practitioner.billingNumber ? [] : [BILLING_NUMBER_MISSING];
}
