import { defineSearchAttributeKey } from '@temporalio/common';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { awaitedDuty } from './pathway-machine';
import type { PathwayState } from './types';

/**
 * Search attributes of a pathway, for Temporal's own list views
 * (e.g. `PathwayOverdue = true AND CptsId = "…"`). They are stored unencrypted
 * and outside the payload codec: opaque ids and workflow facts only, never
 * anything about the patient.
 */
export const PathwayStatusKey = defineSearchAttributeKey('PathwayStatus', 'KEYWORD');
export const PathwayStepKey = defineSearchAttributeKey('PathwayStep', 'KEYWORD');
export const CptsIdKey = defineSearchAttributeKey('CptsId', 'KEYWORD');
export const PractitionerIdKey = defineSearchAttributeKey('PractitionerId', 'KEYWORD');
export const PathwayOverdueKey = defineSearchAttributeKey('PathwayOverdue', 'BOOL');
export const PathwayDueAtKey = defineSearchAttributeKey('PathwayDueAt', 'DATETIME');

export const PATHWAY_SEARCH_ATTRIBUTES = [
  PathwayStatusKey,
  PathwayStepKey,
  CptsIdKey,
  PractitionerIdKey,
  PathwayOverdueKey,
  PathwayDueAtKey,
] as const;

export function pathwaySearchAttributes(state: PathwayState): SearchAttributeUpdatePair[] {
  const duty = awaitedDuty(state);
  return [
    { key: PathwayStatusKey, value: state.status },
    { key: PathwayStepKey, value: state.step },
    { key: CptsIdKey, value: state.cptsId },
    { key: PractitionerIdKey, value: state.practitionerId },
    { key: PathwayOverdueKey, value: state.overdue },
    { key: PathwayDueAtKey, value: duty ? new Date(duty.dueAt) : null },
  ];
}
