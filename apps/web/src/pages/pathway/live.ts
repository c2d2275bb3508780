import type { DutyView, MssMessageView, PathwayView } from './pathway-view';

/** While the engine is working on the pathway: the user watches it happen. */
export const BUSY_REFETCH_MS = 2_000;
/** Otherwise: a reminder, a read receipt or a colleague's change shows up soon enough. */
export const IDLE_REFETCH_MS = 15_000;

/**
 * How long after sending a message its delivery notification is watched for
 * closely. Some operators never send one: past this, the slow pace is enough.
 */
const DELIVERY_WATCH_MS = 10 * 60_000;

function filingInProgress(duty: DutyView | null): boolean {
  return duty?.document != null && duty.dmp?.status === 'to_file';
}

function messageInProgress(message: MssMessageView, now: number): boolean {
  if (message.status === 'to_send') return true;
  if (message.status !== 'sent' || message.delivery?.status === 'delivered') return false;
  if (message.delivery && message.delivery.status !== 'pending') return false;
  return message.sentAt !== null && now - Date.parse(message.sentAt) < DELIVERY_WATCH_MS;
}

/**
 * Something is under way that will change the page without the user doing
 * anything: a received document being filed in the DMP, a document or a
 * referral being sent to the médecin traitant, the last documents being
 * shared, a pathway no worker has run yet, or history the read model has not
 * recorded yet.
 */
export function inProgress(view: PathwayView, now = Date.now()): boolean {
  const lastSeq = view.history.reduce((max, entry) => Math.max(max, entry.seq), 0);
  // A filing that waits for a person holds the sharing step until they act (their action is
  // followed by a refetch): watching it closely would only load the server.
  const waitsForSomeone = [view.bilanInitial, view.compteRendu].some(
    (d) => d?.dmp?.status === 'waiting',
  );
  return (
    view.source === 'pending' ||
    lastSeq > view.recordedUpTo ||
    (view.step === 'sharing' && !waitsForSomeone) ||
    filingInProgress(view.bilanInitial) ||
    filingInProgress(view.compteRendu) ||
    view.messages.some((m) => messageInProgress(m, now))
  );
}

/** TanStack Query's refetchInterval for the pathway. */
export function refetchEvery(view: PathwayView | undefined): number {
  return view && inProgress(view) ? BUSY_REFETCH_MS : IDLE_REFETCH_MS;
}
