import type { DomainErrorCode } from '@app/domain';
import { ORTHOPHONISTE_PROFESSION_CODE } from '@app/mss';
import type { MemberRegistration, PractitionerRow } from '@app/persistence';
import { type ListedProfessional, listedAddress } from './annuaire-lookup';

/** What a registration request (one body, or one CSV line) comes to: the bulk report's outcomes. */
export type RegistrationOutcome =
  | 'found'
  | 'unknown'
  | 'malformed'
  | 'already_member'
  | 'in_another_cpts'
  | 'not_orthophoniste'
  | 'needs_mss_choice';

export interface RegistrationRequest {
  rpps: string;
  mssAddress?: string;
  billingNumber?: string;
  opensPathways: boolean;
}

/** Why a registration cannot go ahead, as the single route answers it. */
export interface Refusal {
  code: DomainErrorCode;
  field: 'rpps' | 'mssAddress' | 'billingNumber';
  problem: string;
}

export type Assessment =
  | {
      outcome: 'found';
      name: string;
      registration: MemberRegistration;
      /** The member moves from this CPTS (an administrator's act). */
      leaves: string | null;
    }
  | {
      outcome: Exclude<RegistrationOutcome, 'found'>;
      name?: string;
      /** The mailboxes to choose from (needs_mss_choice). */
      choices?: string[];
      refusal: Refusal;
    };

/** A registration that cannot go ahead, and why. */
export type Refused = Exclude<Assessment, { outcome: 'found' }>;

export interface AssessmentContext {
  cptsId: string;
  /** Administrators move members between CPTS; coordinators add practitioners of none. */
  mayMoveMembers: boolean;
}

/**
 * Judges a registration against the practitioner already here (if any),
 * before anybody asks the directory: a member of this CPTS, or of another
 * one for a caller who may not move them, is refused without a look-up.
 * Undefined: the directory must be asked.
 */
export function assessMembership(
  existing: PractitionerRow | undefined,
  context: AssessmentContext,
): Refused | undefined {
  if (!existing?.cptsId) return undefined;
  const name = `${existing.givenNames} ${existing.familyName}`;
  if (existing.cptsId === context.cptsId) {
    return {
      outcome: 'already_member',
      name,
      refusal: { code: 'conflict', field: 'rpps', problem: 'is already a member of this CPTS' },
    };
  }
  if (!context.mayMoveMembers) {
    return {
      outcome: 'in_another_cpts',
      name,
      refusal: {
        code: 'conflict',
        field: 'rpps',
        problem: 'is a member of another CPTS: only an administrator moves them',
      },
    };
  }
  return undefined;
}

/**
 * Judges a registration against what the Annuaire Santé lists: known and
 * practising, an orthophoniste when they will open pathways, and one MSSanté
 * mailbox chosen among the directory's (the one the body names; the only
 * one; or, of several, the one already recorded for them).
 */
export function assessListing(
  request: RegistrationRequest,
  listed: ListedProfessional | undefined,
  existing: PractitionerRow | undefined,
): Assessment {
  if (!listed) {
    return {
      outcome: 'unknown',
      refusal: { code: 'not_found', field: 'rpps', problem: 'is unknown to the Annuaire Santé' },
    };
  }
  const name = listed.displayName;
  if (!listed.active) {
    return {
      outcome: 'unknown',
      name,
      refusal: {
        code: 'invalid',
        field: 'rpps',
        problem: "the Annuaire Santé lists this practitioner's exercise as closed",
      },
    };
  }
  if (request.opensPathways && !listed.orthophoniste) {
    const professions = listed.professionCodes.join(', ') || 'none';
    return {
      outcome: 'not_orthophoniste',
      name,
      refusal: {
        code: 'invalid',
        field: 'rpps',
        problem: `is not an orthophoniste in the Annuaire Santé (TRE_G15 profession ${professions}, not ${ORTHOPHONISTE_PROFESSION_CODE}): only orthophonistes open pathways`,
      },
    };
  }
  const mailbox = chooseMailbox(request.mssAddress, listed.personalMailboxes, existing);
  if ('refusal' in mailbox) return { outcome: 'needs_mss_choice', name, ...mailbox };
  return {
    outcome: 'found',
    name,
    leaves: existing?.cptsId ?? null,
    registration: {
      rpps: request.rpps,
      familyName: listed.familyName ?? name,
      givenNames: listed.givenNames.join(' '),
      professionCode: listed.orthophoniste
        ? ORTHOPHONISTE_PROFESSION_CODE
        : (listed.professionCodes[0] ?? existing?.professionCode ?? ''),
      mssAddress: mailbox.address,
      ...(request.billingNumber !== undefined ? { billingNumber: request.billingNumber } : {}),
    },
  };
}

/**
 * The mailbox the engine writes to the practitioner at: never one the
 * directory does not tie to their RPPS (it could be anyone's); of several,
 * the practitioner's choice, which nobody makes for them.
 */
export function chooseMailbox(
  wanted: string | undefined,
  listed: readonly string[],
  existing: Pick<PractitionerRow, 'mssAddress'> | undefined,
): { address: string | null } | { choices: string[]; refusal: Refusal } {
  const choices = [...listed];
  if (wanted !== undefined) {
    const address = listedAddress(listed, wanted);
    if (address) return { address };
    return {
      choices,
      refusal: {
        code: 'invalid',
        field: 'mssAddress',
        problem:
          choices.length > 0
            ? `is not one of the MSSanté mailboxes the Annuaire Santé lists for this RPPS: ${choices.join(', ')}`
            : 'the Annuaire Santé lists no MSSanté mailbox for this RPPS: leave it out',
      },
    };
  }
  if (listed.length <= 1) return { address: listed[0] ?? null };
  const kept = existing?.mssAddress ? listedAddress(listed, existing.mssAddress) : undefined;
  if (kept) return { address: kept };
  return {
    choices,
    refusal: {
      code: 'invalid',
      field: 'mssAddress',
      problem: `the Annuaire Santé lists several MSSanté mailboxes for this practitioner: choose one of ${choices.join(', ')}`,
    },
  };
}
