import { Context } from '@temporalio/activity';

/** Tells Temporal a long activity is alive; does nothing outside an activity (tests call the same code). */
export function heartbeat(): void {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return;
  }
  context.heartbeat();
}
