import type { DocumentRef, HistoryEntry, PathwayEvent } from '@app/workflows';
import type { DocumentView, DutyView, PathwayView, PeopleView } from './pathway.view';

/** What replaces a practitioner's free text in the view of someone who may not read it. */
export const CLINICAL_TEXT_HIDDEN = '[masqué]';

/**
 * A pathway as a coordinator sees it when their CPTS has not opened its
 * clinical documents to them: every piece of free text the orthophoniste
 * wrote — referral and abandon reasons, document titles — replaced by
 * CLINICAL_TEXT_HIDDEN, and the patient's traits too (name, birth date,
 * INS: the coordinator chases duties, not patients); what is due, late,
 * filed or sent stays. The practitioner's own view and the audit log keep it all.
 */
export function withoutClinicalText(view: PathwayView): PathwayView {
  return {
    ...view,
    ...withoutPatientTraits(view),
    abandonReason: view.abandonReason === null ? null : CLINICAL_TEXT_HIDDEN,
    bilanInitial: dutyWithout(view.bilanInitial),
    compteRendu: view.compteRendu && dutyWithout(view.compteRendu),
    referrals: view.referrals.map((r) => ({ ...r, reason: CLINICAL_TEXT_HIDDEN })),
    history: view.history.map(entryWithout),
    clinicalTextHidden: true,
  };
}

/** A pathway's people without the patient's traits: the patient is an opaque id. */
export function withoutPatientTraits<V extends PeopleView>(view: V): V {
  return {
    ...view,
    patient: { id: view.patient.id, displayName: CLINICAL_TEXT_HIDDEN, birthDate: null, ins: null },
  };
}

function dutyWithout(duty: DutyView): DutyView {
  return { ...duty, document: duty.document && documentWithout(duty.document) };
}

function documentWithout<D extends DocumentView | DocumentRef>(document: D): D {
  return { ...document, title: CLINICAL_TEXT_HIDDEN };
}

function entryWithout(entry: HistoryEntry): HistoryEntry {
  return { ...entry, event: eventWithout(entry.event) };
}

function eventWithout(event: PathwayEvent): PathwayEvent {
  switch (event.type) {
    case 'document_received':
    case 'document_replaced':
      return { ...event, document: documentWithout(event.document) };
    case 'referred':
      return { ...event, referral: { ...event.referral, reason: CLINICAL_TEXT_HIDDEN } };
    case 'abandoned':
      return { ...event, reason: CLINICAL_TEXT_HIDDEN };
    default:
      return event;
  }
}
