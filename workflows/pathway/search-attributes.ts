import { defineSearchAttributeKey } from '@temporalio/common';
import type { SearchAttributePair } from '@temporalio/common';
import type { PathwayState } from './types';

/**
 * Search attributes of a pathway, for Temporal's own list views
 * (e.g. `PathwayOverdue = true AND CptsId = "…"`). They are stored unencrypted
 * and outside the payload codec: opaque ids and workflow facts only, never
 * anything about the patient. Each change is a visibility write on the
 * server, so there are few of them and they change rarely.
 */
export const PathwayStatusKey = defineSearchAttributeKey('PathwayStatus', 'KEYWORD');
export const CptsIdKey = defineSearchAttributeKey('CptsId', 'KEYWORD');
export const PractitionerIdKey = defineSearchAttributeKey('PractitionerId', 'KEYWORD');
export const PathwayOverdueKey = defineSearchAttributeKey('PathwayOverdue', 'BOOL');

export const PATHWAY_SEARCH_ATTRIBUTES = [
  PathwayStatusKey,
  CptsIdKey,
  PractitionerIdKey,
  PathwayOverdueKey,
] as const;

export function pathwaySearchAttributes(
  state: Pick<PathwayState, 'status' | 'cptsId' | 'practitionerId' | 'overdue'>,
): SearchAttributePair[] {
  return [
    { key: PathwayStatusKey, value: state.status },
    { key: CptsIdKey, value: state.cptsId },
    { key: PractitionerIdKey, value: state.practitionerId },
    { key: PathwayOverdueKey, value: state.overdue },
  ];
}
