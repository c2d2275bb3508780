import type { DocumentKind } from './pathway';

/** Why a message the pathway owes the médecin traitant was not sent, for good. */
export type MssSkipReason =
  /** The patient declared no médecin traitant. */
  | 'no_medecin_traitant'
  /** Neither the pathway nor the Annuaire Santé gives the médecin traitant an MSSanté address. */
  | 'no_mss_address'
  /** The operator refused the address, or the address breaks an MSSanté rule. */
  | 'address_refused';

/**
 * One message the pathway sends to the médecin traitant over MSSanté: a
 * document (bilan initial, compte-rendu, or a corrected version) or a
 * referral. `key` names it for good (`bilan_initial:<documentId>`,
 * `referral:<referralId>`); its Message-ID is derived from the key, so a retry
 * is recognised by the operator's sent copy.
 */
export interface MssDispatch {
  key: string;
  purpose: DocumentKind | 'referral';
  documentId?: string;
  referralId?: string;
  /** A corrected version of a document sent before. */
  correction?: boolean;
  status: 'to_send' | 'sent' | 'skipped';
  skipReason?: MssSkipReason;
  /** What the operator or the directory said, for a person to read. */
  detail?: string;
  messageId?: string;
  recipient?: string;
  sentAt?: string;
}
