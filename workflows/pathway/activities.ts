import type {
  DmpFilingOutcome,
  FileInDmpInput,
  MssSendOutcome,
  PathwayRecording,
  SendToMedecinTraitantInput,
} from './types';

/**
 * Activities the pathway workflow calls. The workflow imports these types only;
 * apps/worker implements them with Nest providers.
 */
export interface RecordingActivities {
  /**
   * Writes new history entries to the audit log, their notifications, and the
   * pathway's read-model row, in one transaction. Idempotent: a retry writes nothing twice.
   */
  recordPathwayTransitions(recording: PathwayRecording): Promise<void>;
}

export interface DmpActivities {
  /**
   * Files one document in the patient's DMP (after recording the practitioner's
   * authorisation when asked to). Idempotent: a document already in the DMP is
   * reported filed. Throws (and is retried) only while the DMP is unavailable;
   * everything a person must handle is an outcome.
   */
  fileInDmp(input: FileInDmpInput): Promise<DmpFilingOutcome>;
}

export interface MssActivities {
  /**
   * Sends one message to the médecin traitant over MSSanté (a document with
   * its IHE XDM package, or a referral). Idempotent: a message the operator
   * already accepted (same Message-ID in the sent folder) is reported sent.
   * Throws (and is retried) only while the operator is unavailable.
   */
  sendToMedecinTraitant(input: SendToMedecinTraitantInput): Promise<MssSendOutcome>;
}

export type PathwayActivities = RecordingActivities & DmpActivities & MssActivities;
