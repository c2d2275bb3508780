import { proxyActivities } from '@temporalio/workflow';
import type {
  PatientMessageActivities,
  PatientMessageInput,
  PatientMessageOutcome,
} from './definitions';

const { sendToPatient } = proxyActivities<PatientMessageActivities>({
  startToCloseTimeout: '2 minutes',
  // The operator down: tried again, less and less often, until it answers.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * One message to a patient, sent durably: the practitioner's request is
 * recorded before this starts, and the send is retried until the operator
 * takes it (or refuses it for good), across worker restarts.
 */
export async function patientMessageWorkflow(
  input: PatientMessageInput,
): Promise<PatientMessageOutcome> {
  return sendToPatient(input);
}
