import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { PathwayActivities } from './activities';
import {
  PATHWAY_TRANSITION_REJECTED,
  abandonUpdate,
  changeConsentUpdate,
  changeMedecinTraitantUpdate,
  depositDocumentUpdate,
  endCareUpdate,
  pathwayStateQuery,
  recordDmpAuthorizationUpdate,
  referUpdate,
  replaceDocumentUpdate,
  retryDmpFilingUpdate,
} from './definitions';
import { PathwayMachine, PathwayTransitionError } from './pathway-machine';
import { pathwaySearchAttributes } from './search-attributes';
import { DEFAULT_PATHWAY_LIMITS } from './types';
import type { PathwaySnapshot, PathwayWorkflowInput } from './types';

const { recordPathwayTransitions } = proxyActivities<PathwayActivities>({
  startToCloseTimeout: '30 seconds',
  // No attempt limit: a transition that is not recorded is retried until PostgreSQL is back.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One accès-direct pathway, from opening to closing; workflow id = pathway id.
 *
 * bilan initial (reminders, then escalation, while late) → care → end of care →
 * compte-rendu (same ladder) → completed. Referral, abandon and changes of
 * médecin traitant or consent may come at any time. Every change is recorded
 * (audit log + read model) by an activity, in order, before the next one.
 */
export async function pathwayWorkflow(input: PathwayWorkflowInput): Promise<PathwaySnapshot> {
  const limits = input.limits ?? DEFAULT_PATHWAY_LIMITS;
  const machine = input.carriedState
    ? PathwayMachine.resume(input.carriedState)
    : PathwayMachine.open(input.opening, Date.now());
  // Pathways recorded before DMP filing existed replay without it (see "Versioning" in the README).
  if (patched('dmp-filing')) machine.enableSharing();
  // Likewise for MSSanté sending (v3): older pathways keep their histories' commands.
  if (patched('mss-sending')) machine.enableMessaging();

  const { fileInDmp } = proxyActivities<PathwayActivities>({
    startToCloseTimeout: '2 minutes',
    // No attempt limit: while the DMP is unavailable the document waits, it is never dropped.
    retry: {
      initialInterval: '5 seconds',
      backoffCoefficient: 2,
      maximumInterval: limits.dmpRetryMaxInterval ?? '5 minutes',
    },
  });

  const { sendToMedecinTraitant } = proxyActivities<PathwayActivities>({
    startToCloseTimeout: '2 minutes',
    // No attempt limit: while the operator is unavailable the message waits, it is never dropped.
    retry: {
      initialInterval: '5 seconds',
      backoffCoefficient: 2,
      maximumInterval: limits.mssRetryMaxInterval ?? '5 minutes',
    },
  });

  setHandler(pathwayStateQuery, () => machine.state);
  // Each update: the validator checks the machine's guard (a refusal leaves no trace in history),
  // the handler applies the transition and answers with the new snapshot.
  function onUpdate<Args>(
    definition: UpdateDefinition<PathwaySnapshot, [Args]>,
    check: (args: Args) => void,
    transition: (args: Args, now: number) => void,
  ): void {
    setHandler(
      definition,
      (args: Args) => {
        guard(() => transition(args, Date.now()));
        return machine.snapshot();
      },
      { validator: (args: Args) => guard(() => check(args)) },
    );
  }
  onUpdate(
    depositDocumentUpdate,
    (a) => machine.checkDeposit(a),
    (a, now) => machine.deposit(a, now),
  );
  onUpdate(
    endCareUpdate,
    (a) => machine.checkEndCare(a),
    (a, now) => machine.endCare(a, now),
  );
  onUpdate(
    referUpdate,
    (a) => machine.checkRefer(a),
    (a, now) => machine.refer(a, now, uuid4()),
  );
  onUpdate(
    abandonUpdate,
    (a) => machine.checkAbandon(a),
    (a, now) => machine.abandon(a, now),
  );
  onUpdate(
    changeMedecinTraitantUpdate,
    (a) => machine.checkChangeMedecinTraitant(a),
    (a, now) => machine.changeMedecinTraitant(a, now),
  );
  onUpdate(
    replaceDocumentUpdate,
    (a) => machine.checkReplace(a),
    (a, now) => machine.replace(a, now),
  );
  onUpdate(
    recordDmpAuthorizationUpdate,
    (a) => machine.checkRecordDmpAuthorization(a),
    (a, now) => machine.recordDmpAuthorization(a, now),
  );
  onUpdate(
    retryDmpFilingUpdate,
    (a) => machine.checkRetryDmpFiling(a),
    (a, now) => machine.retryDmpFiling(a, now),
  );
  onUpdate(
    changeConsentUpdate,
    (a) => machine.checkChangeConsent(a),
    (a, now) => machine.changeConsent(a, now),
  );

  // Search attributes are upserted only when they change: each upsert is a visibility write.
  function publishSearchAttributes(): void {
    const current = workflowInfo().typedSearchAttributes;
    const changed = pathwaySearchAttributes(machine.state).filter(
      (pair) => current.get(pair.key) !== pair.value,
    );
    if (changed.length > 0) upsertSearchAttributes(changed);
  }

  async function recordAll(): Promise<void> {
    while (machine.hasUnrecorded) {
      const entries = machine.takeUnrecorded();
      publishSearchAttributes();
      await recordPathwayTransitions({ entries, snapshot: machine.snapshot() });
    }
  }

  const continueAsNewDue = () =>
    workflowInfo().continueAsNewSuggested ||
    workflowInfo().historyLength >= limits.maxHistoryEvents;
  const somethingHappened = () => machine.hasUnrecorded || continueAsNewDue();

  // DMP filing runs beside the pathway: a DMP down for hours must not hold back reminders or care.
  let filingInFlight = false;
  const sharingDone = (async () => {
    for (;;) {
      await condition(() => machine.nextFilingToRun() !== undefined || !machine.isActive);
      const next = machine.nextFilingToRun();
      if (!next) return; // closed, nothing left to file
      const { documentKind, filing } = next;
      filingInFlight = true;
      const { pathwayId, cptsId, practitionerId, patientId, openedAt, careEndedOn } = machine.state;
      const outcome = await fileInDmp({
        pathwayId,
        cptsId,
        practitionerId,
        patientId,
        openedAt,
        ...(careEndedOn ? { careEndedOn } : {}),
        documentKind,
        documentId: filing.documentId,
        authorizeFirst: filing.authorizeFirst ?? false,
        ...(filing.replacesDmpUniqueId ? { replacesDmpUniqueId: filing.replacesDmpUniqueId } : {}),
      });
      filingInFlight = false;
      machine.recordFilingOutcome(documentKind, filing.documentId, outcome, Date.now());
    }
  })();

  // MSSanté sending runs beside the pathway too, one message at a time, in the order they were owed.
  let sendingInFlight = false;
  const messagingDone = (async () => {
    for (;;) {
      await condition(() => machine.nextDispatchToRun() !== undefined || !machine.isActive);
      const dispatch = machine.nextDispatchToRun();
      if (!dispatch) return;
      const {
        pathwayId,
        cptsId,
        practitionerId,
        patientId,
        openedAt,
        careEndedOn,
        medecinTraitant,
      } = machine.state;
      if (!medecinTraitant.declared) {
        machine.recordDispatchOutcome(
          dispatch.key,
          {
            outcome: 'skipped',
            reason: 'no_medecin_traitant',
            detail: 'the patient declared no médecin traitant',
          },
          Date.now(),
        );
        continue;
      }
      sendingInFlight = true;
      const referral = machine.state.referrals.find((r) => r.referralId === dispatch.referralId);
      const outcome = await sendToMedecinTraitant({
        pathwayId,
        cptsId,
        practitionerId,
        patientId,
        medecinTraitant,
        dispatch: { ...dispatch },
        ...(referral ? { referral } : {}),
        openedAt,
        ...(careEndedOn ? { careEndedOn } : {}),
      });
      sendingInFlight = false;
      machine.recordDispatchOutcome(dispatch.key, outcome, Date.now());
    }
  })();

  for (;;) {
    await recordAll();
    if (!machine.isActive) break;

    if (continueAsNewDue()) {
      // A filing in flight finishes first: its outcome belongs to the state the next run carries.
      await condition(() => allHandlersFinished() && !filingInFlight && !sendingInFlight);
      await recordAll();
      if (!machine.isActive) break;
      return continueAsNew<typeof pathwayWorkflow>({
        opening: input.opening,
        limits,
        carriedState: machine.state,
      });
    }

    const nextNotificationAt = machine.nextNotificationAt();
    if (nextNotificationAt === undefined) {
      await condition(somethingHappened);
      continue;
    }
    const wait = nextNotificationAt - Date.now();
    // A durable timer: it survives worker restarts and is cancelled when the document arrives.
    if (wait > 0 && (await condition(somethingHappened, wait))) continue;
    machine.notifyDue(Date.now());
  }

  // An abandoned pathway still files and sends the documents it received.
  await sharingDone;
  await messagingDone;
  await condition(allHandlersFinished);
  await recordAll();
  return machine.snapshot();
}

/** Runs a transition or its guard; a refusal becomes a non-retryable failure the API answers with 409. */
function guard(transition: () => void): void {
  try {
    transition();
  } catch (error) {
    if (error instanceof PathwayTransitionError) {
      throw ApplicationFailure.nonRetryable(error.message, PATHWAY_TRANSITION_REJECTED);
    }
    throw error;
  }
}
