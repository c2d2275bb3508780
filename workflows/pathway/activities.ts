import type { PathwayRecording } from './types';

/**
 * Activities the pathway workflow calls. The workflow imports this type only;
 * apps/worker implements it with Nest providers.
 */
export interface PathwayActivities {
  /**
   * Writes new history entries to the audit log, their notifications, and the
   * pathway's read-model row, in one transaction. Idempotent: a retry writes nothing twice.
   */
  recordPathwayTransitions(recording: PathwayRecording): Promise<void>;
}
