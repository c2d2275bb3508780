import { parseIns, type Ins } from './nir';
import {
  compareTraits,
  parseTraits,
  type IdentityTraits,
  type TraitMismatch,
  type TraitsInput,
} from './traits';

/**
 * RNIV confidence statuses, coded as FR Core fr-core-cs-v2-0445 (facts §2.3)
 * and as the engine stores them. They follow from two facts only:
 *   - PROV provisional: no INSi answer, no identity document checked;
 *   - RECUP retrieved: INSi answered, no document checked;
 *   - VALI validated: a high-trust document checked, no INSi answer;
 *   - QUAL qualified: both.
 */
export type IdentityStatus = 'PROV' | 'RECUP' | 'VALI' | 'QUAL';

export const IDENTITY_STATUS_LABELS: Readonly<Record<IdentityStatus, string>> = {
  PROV: 'Identité provisoire',
  RECUP: 'Identité récupérée',
  VALI: 'Identité validée',
  QUAL: 'Identité qualifiée',
};

/** Where the identity was first taken from. */
export type IdentitySource = 'vitale' | 'apcv' | 'saisie';

/**
 * The high-trust documents of facts §2.3 (passport, national identity card,
 * permanent residence permit). The facts end the list with "…": the list is
 * a parameter of `recordDocumentCheck`, this is its default.
 */
export type IdentityDocument = 'passeport' | 'carte-nationale-identite' | 'titre-sejour-permanent';

export const HIGH_TRUST_DOCUMENTS: readonly IdentityDocument[] = [
  'passeport',
  'carte-nationale-identite',
  'titre-sejour-permanent',
];

export interface DocumentCheck {
  document: string;
  /** AAAA-MM-JJ. */
  checkedOn: string;
}

/** One patient identity, whatever it was read from, with its RNIV status. */
export interface Identity {
  status: IdentityStatus;
  traits: IdentityTraits;
  /** Nom utilisé, when it differs from the birth name. */
  usedFamilyName?: string;
  /** Prénom utilisé, when it is not the first birth first name. */
  usedFirstName?: string;
  /** Set by an INSi answer only: never taken from a card or typed in (facts §5.1). */
  ins?: Ins;
  /** Set by a high-trust document check only. */
  documentCheck?: DocumentCheck;
  source: IdentitySource;
}

/** The field at fault and what is wrong: the engine's FieldProblem shape. */
export interface IdentityProblem {
  field: string;
  problem: string;
}

export type Transition =
  | { ok: true; identity: Identity }
  /** The identity is returned unchanged, with what blocked the step. */
  | { ok: false; identity: Identity; problems: IdentityProblem[]; mismatches: TraitMismatch[] };

export type IdentityResult =
  { ok: true; identity: Identity } | { ok: false; problems: IdentityProblem[] };

/** The status two facts give: an INSi answer, a document checked. */
export function rnivStatus(retrieved: boolean, validated: boolean): IdentityStatus {
  if (retrieved) return validated ? 'QUAL' : 'RECUP';
  return validated ? 'VALI' : 'PROV';
}

/** A provisional identity from traits (typed in, or read from a card). */
export function provisionalIdentity(
  input: TraitsInput & { usedFamilyName?: string; usedFirstName?: string },
  source: IdentitySource,
): IdentityResult {
  const parsed = parseTraits(input);
  if (!parsed.ok) return parsed;
  const usedFamilyName = input.usedFamilyName?.trim();
  const usedFirstName = input.usedFirstName?.trim();
  return {
    ok: true,
    identity: {
      status: 'PROV',
      traits: parsed.traits,
      ...(usedFamilyName ? { usedFamilyName } : {}),
      ...(usedFirstName ? { usedFirstName } : {}),
      source,
    },
  };
}

/** What INSi answers to a search (facts §2.4): 00 one identity, 01 none, 02 several. */
export type InsiAnswer =
  | { code: '00'; ins: { matricule: string; oid: string }; traits: TraitsInput }
  | { code: '01' }
  | { code: '02' };

/**
 * Applies INSi's answer. With one identity found, its traits are compared with
 * the local ones; a single mismatch blocks (it may be another person, or the
 * wrong beneficiary of a card). Otherwise the identity takes the INS and
 * INSi's traits, which become the strict traits: PROV → RECUP, VALI → QUAL.
 */
export function applyInsiAnswer(identity: Identity, answer: InsiAnswer): Transition {
  if (answer.code === '01') {
    return blocked(identity, [{ field: 'insi', problem: 'INSi found no identity (01)' }]);
  }
  if (answer.code === '02') {
    return blocked(identity, [
      {
        field: 'insi',
        problem:
          'INSi found several identities (02): search again with every first name and the birth place',
      },
    ]);
  }
  const ins = parseIns(answer.ins);
  if (!ins.ok) return blocked(identity, ins.problems);
  if (identity.ins && identity.ins.matricule !== ins.ins.matricule) {
    return blocked(identity, [
      {
        field: 'ins',
        problem: `INSi answered ${ins.ins.matricule} for an identity recorded under ${identity.ins.matricule}`,
      },
    ]);
  }
  const traits = parseTraits(answer.traits);
  if (!traits.ok) return blocked(identity, traits.problems);
  if (!traits.traits.sex) {
    return blocked(identity, [{ field: 'sex', problem: 'INSi answered without the sex' }]);
  }
  const mismatches = compareTraits(identity.traits, traits.traits);
  if (mismatches.length > 0) return blocked(identity, [], mismatches);
  return {
    ok: true,
    identity: {
      ...identity,
      traits: traits.traits,
      ins: ins.ins,
      status: rnivStatus(true, identity.documentCheck !== undefined),
    },
  };
}

/**
 * Records that the practitioner checked a high-trust identity document:
 * PROV → VALI, RECUP → QUAL. When the traits read on the document are given
 * they are compared with the identity's, and any mismatch blocks.
 */
export function recordDocumentCheck(
  identity: Identity,
  check: DocumentCheck & { documentTraits?: TraitsInput },
  acceptedDocuments: readonly string[] = HIGH_TRUST_DOCUMENTS,
): Transition {
  if (!acceptedDocuments.includes(check.document)) {
    return blocked(identity, [
      {
        field: 'document',
        problem: `"${check.document}" is not a high-trust identity document (${acceptedDocuments.join(', ')})`,
      },
    ]);
  }
  if (check.documentTraits) {
    const read = parseTraits(check.documentTraits);
    if (!read.ok) return blocked(identity, read.problems);
    const mismatches = compareTraits(identity.traits, read.traits);
    if (mismatches.length > 0) return blocked(identity, [], mismatches);
  }
  return {
    ok: true,
    identity: {
      ...identity,
      documentCheck: { document: check.document, checkedOn: check.checkedOn },
      status: rnivStatus(identity.ins !== undefined, true),
    },
  };
}

/**
 * The INS to write in a CDA, an MSSanté address or a DMP request, or
 * undefined: only a qualified identity may be referenced by its INS (facts
 * §2.3). The record is checked again, not trusted, as it may come from storage.
 */
export function qualifiedIns(identity: Identity): { matricule: string; oid: string } | undefined {
  if (identity.status !== 'QUAL' || !identity.ins || !identity.documentCheck) return undefined;
  const ins = parseIns(identity.ins);
  return ins.ok ? { matricule: ins.ins.matricule, oid: ins.ins.oid } : undefined;
}

export function canShareIns(identity: Identity): boolean {
  return qualifiedIns(identity) !== undefined;
}

function blocked(
  identity: Identity,
  problems: IdentityProblem[],
  mismatches: TraitMismatch[] = [],
): Transition {
  return { ok: false, identity, problems, mismatches };
}
