/** Vocabulary of an accès-direct pathway, shared by the API, the workflow and the read model. */

export const PATHWAY_STATUSES = ['active', 'completed', 'abandoned'] as const;
export type PathwayStatus = (typeof PATHWAY_STATUSES)[number];

/**
 * Where the pathway stands: waiting for a document, in care, sharing its last
 * documents (both received, DMP filing not settled yet), or closed.
 */
export const PATHWAY_STEPS = [
  'bilan_initial',
  'care',
  'compte_rendu',
  'sharing',
  'closed',
] as const;
export type PathwayStep = (typeof PATHWAY_STEPS)[number];

/** The two documents accès direct obliges the orthophoniste to produce and share. */
export const DOCUMENT_KINDS = ['bilan_initial', 'compte_rendu'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The patient's answer about filing the pathway's documents in their DMP. */
export const CONSENTEMENTS_DMP = ['given', 'refused', 'not_asked'] as const;
export type ConsentementDmp = (typeof CONSENTEMENTS_DMP)[number];

/**
 * The patient's médecin traitant. "None declared" is a legal situation: the duty
 * to inform then simply does not apply, and the pathway goes on.
 */
export type MedecinTraitant =
  | {
      declared: true;
      /** RPPS, 11 digits. */
      rpps: string;
      /** Display name, e.g. "Dr Claire MARTIN". */
      name: string;
      /** MSSanté address, when known; the MSS issue looks it up in the Annuaire Santé otherwise. */
      mssAddress?: string;
    }
  | { declared: false };

/** Who asked for a change: a person through the API, or the engine itself (timers). */
export type Actor = { kind: 'user'; id: string } | { kind: 'system'; id: 'pathway-engine' };

export const RPPS = /^\d{11}$/;
