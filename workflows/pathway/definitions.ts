import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  AbandonArgs,
  ChangeConsentArgs,
  ChangeMedecinTraitantArgs,
  DepositDocumentArgs,
  EndCareArgs,
  PathwaySnapshot,
  PathwayState,
  RecordDmpAuthorizationArgs,
  ReferArgs,
  ReplaceDocumentArgs,
  RetryDmpFilingArgs,
} from './types';

/**
 * The contract between the API and the pathway workflow: its type name, the
 * updates that drive it and the query that reads it. Updates (not signals) so
 * that a request the pathway cannot accept is refused to the caller at once.
 */
export const PATHWAY_WORKFLOW_TYPE = 'pathwayWorkflow';

/** ApplicationFailure type of a request the pathway refuses in its current state. */
export const PATHWAY_TRANSITION_REJECTED = 'PathwayTransitionRejected';

export const depositDocumentUpdate = defineUpdate<PathwaySnapshot, [DepositDocumentArgs]>(
  'depositDocument',
);
export const endCareUpdate = defineUpdate<PathwaySnapshot, [EndCareArgs]>('endCare');
export const referUpdate = defineUpdate<PathwaySnapshot, [ReferArgs]>('refer');
export const abandonUpdate = defineUpdate<PathwaySnapshot, [AbandonArgs]>('abandon');
export const changeMedecinTraitantUpdate = defineUpdate<
  PathwaySnapshot,
  [ChangeMedecinTraitantArgs]
>('changeMedecinTraitant');
export const changeConsentUpdate = defineUpdate<PathwaySnapshot, [ChangeConsentArgs]>(
  'changeConsent',
);

export const replaceDocumentUpdate = defineUpdate<PathwaySnapshot, [ReplaceDocumentArgs]>(
  'replaceDocument',
);
export const recordDmpAuthorizationUpdate = defineUpdate<
  PathwaySnapshot,
  [RecordDmpAuthorizationArgs]
>('recordDmpAuthorization');
export const retryDmpFilingUpdate = defineUpdate<PathwaySnapshot, [RetryDmpFilingArgs]>(
  'retryDmpFiling',
);

export const pathwayStateQuery = defineQuery<PathwayState>('pathwayState');
