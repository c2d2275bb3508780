import type { DocumentKind } from '@app/domain';

/** One message of the conversation, as the practitioner sees it. */
export interface PatientMessageView {
  id: string;
  direction: 'to_patient' | 'from_patient';
  subject: string;
  text: string;
  /** When it was written (to the patient) or received (from them). */
  at: string;
  status: 'sending' | 'sent' | 'failed' | 'received';
  /** Why the operator refused it, for a failed message. */
  detail: string | null;
  endsConversation: boolean;
  /** The patient wrote after the practitioner had ended the conversation. */
  afterEnd: boolean;
  documents: { documentId: string; title: string }[];
}

/** A document of the pathway, and whether it may go to the patient. */
export interface AttachableDocument {
  documentId: string;
  kind: DocumentKind;
  title: string;
  documentDate: string;
  versionNumber: number;
  /** Marked INVISIBLE_PATIENT when filed: never sent to the patient's mailbox. */
  hiddenFromPatient: boolean;
}

export interface PatientConversation {
  pathwayId: string;
  /** `<INS>@patient.mssante.fr`, when the patient's INS is qualified. */
  patientAddress: string | null;
  /** none: never written; open: the patient may answer; ended: closed by `[FIN]`. */
  state: 'none' | 'open' | 'ended';
  /** Why the practitioner cannot write to this patient, when they cannot. */
  cannotWrite: string | null;
  messages: PatientMessageView[];
  attachable: AttachableDocument[];
}
