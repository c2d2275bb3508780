import type { Schema } from '../../api/client';

/**
 * The answer of GET /pathways/{id} (and of every action on a pathway), as the
 * API's OpenAPI document describes it (generated from apps/api/pathways/pathway.view.ts
 * and the workflow's types): these are the generated types under the names the
 * page uses, so a change of the answer shows here at build time.
 */
export type PathwayView = Schema<'PathwayView'>;
export type PathwayStatus = Schema<'PathwayStatus'>;
export type PathwayStep = Schema<'PathwayStep'>;
export type DocumentKind = Schema<'DocumentKind'>;
export type ConsentementDmp = Schema<'ConsentementDmp'>;
export type MedecinTraitant = Schema<'MedecinTraitant'>;
export type Actor = Schema<'Actor'>;
export type CptsPolicy = Schema<'CptsPolicy'>;
export type MssSkipReason = Schema<'MssSkipReason'>;
export type DocumentRef = Schema<'DocumentRef'>;
export type Referral = Schema<'Referral'>;
export type DmpAction = Schema<'DmpAction'>;
export type DmpSkipReason = Schema<'DmpSkipReason'>;
export type NotificationRecipient = Schema<'NotificationRecipient'>;
export type PathwayNotification = Schema<'PathwayNotification'>;
export type PathwayEvent = Schema<'PathwayEvent'>;
export type HistoryEntry = Schema<'HistoryEntry'>;
export type DocumentView = Schema<'DocumentView'>;
export type DmpFilingView = Schema<'DmpFilingView'>;
export type DmpFilingStatus = DmpFilingView['status'];
export type DutyView = Schema<'DutyView'>;
export type MssMessageView = Schema<'MssMessageView'>;
export type BillingView = Schema<'BillingView'>;
export type PeopleView = Pick<PathwayView, 'cpts' | 'practitioner' | 'patient'>;

/** What an MSSanté message is about (the timeline's `mss_sent` events). */
export type MssDispatchRef = Pick<MssMessageView, 'purpose' | 'status'>;

/** GET /pathways/{id}/dmp/web-access (not described in the document yet). */
export interface DmpWebAccess {
  url: string;
  expiresInSeconds: number;
}
