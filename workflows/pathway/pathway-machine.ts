import { parisDay, parseIsoDuration } from '@app/domain';
import type { Actor } from '@app/domain';
import type {
  AbandonArgs,
  ChangeConsentArgs,
  ChangeMedecinTraitantArgs,
  DepositDocumentArgs,
  DocumentDuty,
  EndCareArgs,
  HistoryEntry,
  PathwayEvent,
  PathwayNotification,
  PathwayOpening,
  PathwaySnapshot,
  PathwayState,
  ReferArgs,
} from './types';

/** A request the pathway cannot accept in its current state (answered 409 by the API). */
export class PathwayTransitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathwayTransitionError';
  }
}

const ENGINE: Actor = { kind: 'system', id: 'pathway-engine' };

/**
 * The pathway's rules, free of Temporal: every transition checks its guard,
 * changes the state and appends one history entry per event. The workflow calls
 * it from handlers and timers; `now` always comes from the workflow clock.
 */
export class PathwayMachine {
  private readonly unrecorded: HistoryEntry[] = [];

  private constructor(readonly state: PathwayState) {}

  static open(opening: PathwayOpening, now: number): PathwayMachine {
    const openedAt = iso(now);
    const bilanInitialDueAt = iso(now + parseIsoDuration(opening.policy.bilanInitialDueAfter));
    const machine = new PathwayMachine({
      pathwayId: opening.pathwayId,
      cptsId: opening.cptsId,
      practitionerId: opening.practitionerId,
      patientId: opening.patientId,
      status: 'active',
      step: 'bilan_initial',
      medecinTraitant: opening.medecinTraitant,
      consentementDmp: opening.consentementDmp,
      policy: opening.policy,
      openedAt,
      bilanInitial: { kind: 'bilan_initial', dueAt: bilanInitialDueAt, remindersSent: 0 },
      referrals: [],
      overdue: false,
      run: 1,
      seq: 0,
      history: [],
    });
    machine.append(opening.openedBy, now, {
      type: 'opened',
      bilanInitialDueAt,
      policy: opening.policy,
    });
    return machine;
  }

  /** Resumes a pathway carried over by continue-as-new; its history is already recorded. */
  static resume(state: PathwayState): PathwayMachine {
    return new PathwayMachine({ ...state, run: state.run + 1 });
  }

  /** Wraps a state read from the workflow, to check a request against the guards before sending it. */
  static inspect(state: PathwayState): PathwayMachine {
    return new PathwayMachine(state);
  }

  get isActive(): boolean {
    return this.state.status === 'active';
  }

  /** The document the pathway is waiting for, if any. */
  get awaitedDuty(): DocumentDuty | undefined {
    return awaitedDuty(this.state);
  }

  /** History entries not yet handed to the recording activity, oldest first. */
  takeUnrecorded(): HistoryEntry[] {
    return this.unrecorded.splice(0, this.unrecorded.length);
  }

  get hasUnrecorded(): boolean {
    return this.unrecorded.length > 0;
  }

  // ---- documents --------------------------------------------------------------

  checkDeposit({ document }: DepositDocumentArgs): void {
    this.checkActive();
    const { step } = this.state;
    if (document.kind === 'bilan_initial' && step !== 'bilan_initial') {
      throw new PathwayTransitionError(
        'the bilan initial has already been received for this pathway',
      );
    }
    if (document.kind === 'compte_rendu' && step === 'bilan_initial') {
      throw new PathwayTransitionError(
        'the compte-rendu comes after the bilan initial, which is still missing',
      );
    }
    if (document.kind === 'compte_rendu' && step === 'care') {
      this.checkEndCare({ actor: ENGINE, careEndedOn: document.documentDate });
    }
  }

  deposit(args: DepositDocumentArgs, now: number): void {
    this.checkDeposit(args);
    if (args.document.kind === 'compte_rendu' && this.state.step === 'care') {
      // Sending the compte-rendu is how most practitioners say care is over.
      this.endCare({ actor: args.actor, careEndedOn: args.document.documentDate }, now);
    }
    const document = { ...args.document, receivedAt: iso(now) };
    const duty = this.awaitedDuty as DocumentDuty;
    duty.document = document;
    this.state.overdue = false;
    this.append(args.actor, now, { type: 'document_received', document });
    if (document.kind === 'bilan_initial') {
      this.state.step = 'care';
    } else {
      this.close('completed', now);
      this.append(ENGINE, now, { type: 'completed' });
    }
  }

  // ---- care -------------------------------------------------------------------

  checkEndCare({ careEndedOn }: EndCareArgs): void {
    this.checkActive();
    if (this.state.step !== 'care') {
      throw new PathwayTransitionError(
        this.state.step === 'bilan_initial'
          ? 'care cannot end before the bilan initial is received'
          : 'the end of care has already been declared',
      );
    }
    const openedOn = parisDay(Date.parse(this.state.openedAt));
    if (careEndedOn < openedOn) {
      throw new PathwayTransitionError(
        `care cannot end (${careEndedOn}) before the pathway opened (${openedOn})`,
      );
    }
  }

  endCare(args: EndCareArgs, now: number): void {
    this.checkEndCare(args);
    // Counted from the declaration: a late declaration must not make the compte-rendu late at once.
    const compteRenduDueAt = iso(now + parseIsoDuration(this.state.policy.compteRenduDueAfter));
    this.state.careEndedOn = args.careEndedOn;
    this.state.compteRendu = { kind: 'compte_rendu', dueAt: compteRenduDueAt, remindersSent: 0 };
    this.state.step = 'compte_rendu';
    this.append(args.actor, now, {
      type: 'care_ended',
      careEndedOn: args.careEndedOn,
      compteRenduDueAt,
    });
  }

  // ---- at any time ------------------------------------------------------------

  checkRefer(_args: ReferArgs): void {
    this.checkActive();
  }

  refer(args: ReferArgs, now: number, referralId: string): void {
    this.checkRefer(args);
    const referral = {
      referralId,
      physician: args.physician,
      reason: args.reason,
      referredAt: iso(now),
    };
    this.state.referrals.push(referral);
    this.append(args.actor, now, { type: 'referred', referral });
  }

  checkAbandon(_args: AbandonArgs): void {
    this.checkActive();
  }

  abandon(args: AbandonArgs, now: number): void {
    this.checkAbandon(args);
    this.state.abandonReason = args.reason;
    this.close('abandoned', now);
    this.append(args.actor, now, { type: 'abandoned', reason: args.reason });
  }

  checkChangeMedecinTraitant(_args: ChangeMedecinTraitantArgs): void {
    this.checkActive();
  }

  changeMedecinTraitant(args: ChangeMedecinTraitantArgs, now: number): void {
    this.checkChangeMedecinTraitant(args);
    this.state.medecinTraitant = args.medecinTraitant;
    this.append(args.actor, now, {
      type: 'medecin_traitant_changed',
      medecinTraitant: args.medecinTraitant,
    });
  }

  checkChangeConsent({ consentementDmp }: ChangeConsentArgs): void {
    this.checkActive();
    if (consentementDmp === this.state.consentementDmp) {
      throw new PathwayTransitionError(`the DMP consent is already "${consentementDmp}"`);
    }
  }

  changeConsent(args: ChangeConsentArgs, now: number): void {
    this.checkChangeConsent(args);
    this.state.consentementDmp = args.consentementDmp;
    this.append(args.actor, now, {
      type: 'consent_changed',
      consentementDmp: args.consentementDmp,
    });
  }

  // ---- lateness ---------------------------------------------------------------

  /**
   * When the next reminder or escalation is due for the awaited document:
   * at the due date, then every `reminderEvery`, and never sooner than one
   * cadence after the last one (a worker back from a long stop sends one
   * reminder, not the whole backlog).
   */
  nextNotificationAt(): number | undefined {
    const duty = this.awaitedDuty;
    if (!duty || duty.document || !this.isActive) return undefined;
    const every = parseIsoDuration(this.state.policy.reminderEvery);
    const sent = duty.remindersSent + (duty.escalatedAt ? 1 : 0);
    const onLadder = Date.parse(duty.dueAt) + sent * every;
    return duty.lastNotifiedAt
      ? Math.max(onLadder, Date.parse(duty.lastNotifiedAt) + every)
      : onLadder;
  }

  /**
   * The awaited document is late: remind the practitioner, or, once the policy's
   * number of reminders has gone unanswered, alert the CPTS coordinator (once).
   */
  notifyLate(now: number): PathwayNotification {
    const duty = this.awaitedDuty;
    if (!duty || duty.document || !this.isActive) {
      throw new PathwayTransitionError('no document is awaited');
    }
    const escalate =
      !duty.escalatedAt && duty.remindersSent >= this.state.policy.escalateAfterReminders;
    const seq = this.state.seq + 1;
    const notification: PathwayNotification = escalate
      ? {
          notificationId: `${this.state.pathwayId}:${seq}`,
          kind: 'escalation',
          recipient: { kind: 'coordinator', cptsId: this.state.cptsId },
          documentKind: duty.kind,
          count: duty.remindersSent,
          dueAt: duty.dueAt,
        }
      : {
          notificationId: `${this.state.pathwayId}:${seq}`,
          kind: 'reminder',
          recipient: { kind: 'practitioner', id: this.state.practitionerId },
          documentKind: duty.kind,
          count: duty.remindersSent + 1,
          dueAt: duty.dueAt,
        };
    if (escalate) duty.escalatedAt = iso(now);
    else duty.remindersSent += 1;
    duty.lastNotifiedAt = iso(now);
    this.state.overdue = true;
    this.append(
      ENGINE,
      now,
      escalate ? { type: 'escalated', notification } : { type: 'reminder_sent', notification },
    );
    return notification;
  }

  // ---- views ------------------------------------------------------------------

  snapshot(): PathwaySnapshot {
    const s = this.state;
    return {
      pathwayId: s.pathwayId,
      cptsId: s.cptsId,
      practitionerId: s.practitionerId,
      patientId: s.patientId,
      status: s.status,
      step: s.step,
      overdue: s.overdue,
      medecinTraitant: s.medecinTraitant,
      consentementDmp: s.consentementDmp,
      policy: s.policy,
      openedAt: s.openedAt,
      bilanInitial: s.bilanInitial,
      careEndedOn: s.careEndedOn,
      compteRendu: s.compteRendu,
      referralCount: s.referrals.length,
      closedAt: s.closedAt,
      abandonReason: s.abandonReason,
      lastSeq: s.seq,
    };
  }

  // ---- internals --------------------------------------------------------------

  private checkActive(): void {
    if (this.state.status !== 'active') {
      throw new PathwayTransitionError(`the pathway is closed (${this.state.status})`);
    }
  }

  private close(status: 'completed' | 'abandoned', now: number): void {
    this.state.status = status;
    this.state.step = 'closed';
    this.state.overdue = false;
    this.state.closedAt = iso(now);
  }

  private append(actor: Actor, now: number, event: PathwayEvent): void {
    const entry: HistoryEntry = { seq: ++this.state.seq, at: iso(now), actor, event };
    this.state.history.push(entry);
    this.unrecorded.push(entry);
  }
}

/** The document a pathway is waiting for at its step, if any. */
export function awaitedDuty(
  state: Pick<PathwayState, 'step' | 'bilanInitial' | 'compteRendu'>,
): DocumentDuty | undefined {
  if (state.step === 'bilan_initial') return state.bilanInitial;
  if (state.step === 'compte_rendu') return state.compteRendu;
  return undefined;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
