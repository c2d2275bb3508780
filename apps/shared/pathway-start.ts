import type { WorkflowStartOptions } from '@temporalio/client';
import {
  PathwayLimits,
  PathwayOpening,
  pathwaySearchAttributes,
  PathwayWorkflow,
} from '@app/workflows';

/**
 * How a pathway's workflow is started, by the API and by anything that
 * measures or records it: the pathway id is the workflow id, and a second
 * start with the same id is refused, even after the first has closed.
 */
export function pathwayStartOptions(
  opening: PathwayOpening,
  taskQueue: string,
  limits?: PathwayLimits,
): WorkflowStartOptions<PathwayWorkflow> {
  return {
    workflowId: opening.pathwayId,
    taskQueue,
    args: [{ opening, ...(limits ? { limits } : {}) }],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    workflowIdConflictPolicy: 'FAIL',
    // Set at start so that Temporal's lists show the pathway at once, without one more visibility write.
    typedSearchAttributes: pathwaySearchAttributes({
      ...opening,
      status: 'active',
      overdue: false,
    }),
  };
}
