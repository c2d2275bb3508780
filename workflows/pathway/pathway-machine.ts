import { parisDay, parseIsoDuration } from '@app/domain';
import type { Actor, DocumentKind, MssDispatch } from '@app/domain';
import type {
  AbandonArgs,
  ChangeConsentArgs,
  ChangeMedecinTraitantArgs,
  DepositDocumentArgs,
  DmpAction,
  DmpFiling,
  DmpFilingOutcome,
  DmpSkipReason,
  DocumentDuty,
  EndCareArgs,
  HistoryEntry,
  MssSendOutcome,
  PathwayEvent,
  PathwayNotification,
  PathwayOpening,
  PathwaySnapshot,
  PathwayState,
  RecordDmpAuthorizationArgs,
  ReferArgs,
  ReplaceDocumentArgs,
  RetryDmpFilingArgs,
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

  /**
   * Turns DMP filing on for the documents received from now on. The workflow
   * decides, through a patch, so that pathways recorded before filing existed
   * replay exactly as they ran.
   */
  enableSharing(): void {
    this.state.sharingEnabled = true;
    this.state.sharing ??= {};
  }

  /** The next filing the activity should attempt, if any. */
  nextFilingToRun(): { documentKind: DocumentKind; filing: DmpFiling } | undefined {
    for (const documentKind of ['bilan_initial', 'compte_rendu'] as const) {
      const filing = this.state.sharing?.[documentKind];
      if (filing?.status === 'to_file') return { documentKind, filing };
    }
    return undefined;
  }

  /**
   * Turns MSSanté sending on for what happens from now on; a patch decides, as
   * for DMP filing, so that older pathways replay as they ran.
   */
  enableMessaging(): void {
    this.state.mssEnabled = true;
    this.state.mssDispatches ??= [];
  }

  /** The next message the MSSanté activity should send, if any. */
  nextDispatchToRun(): MssDispatch | undefined {
    return this.state.mssDispatches?.find((d) => d.status === 'to_send');
  }

  /** What the MSSanté activity reported for a dispatch. */
  recordDispatchOutcome(key: string, result: MssSendOutcome, now: number): void {
    const dispatch = this.state.mssDispatches?.find((d) => d.key === key);
    if (!dispatch || dispatch.status !== 'to_send') return;
    if (result.outcome === 'sent') {
      Object.assign(dispatch, {
        status: 'sent',
        messageId: result.messageId,
        recipient: result.recipient,
        sentAt: result.sentAt,
      });
      delete dispatch.skipReason;
      delete dispatch.detail;
      this.append(ENGINE, now, {
        type: 'mss_sent',
        key,
        purpose: dispatch.purpose,
        messageId: result.messageId,
        recipient: result.recipient,
        sentAt: result.sentAt,
        alreadySent: result.alreadySent,
      });
    } else {
      this.skipDispatch(dispatch, result.reason, now, result.detail);
    }
    this.completeWhenShared(now);
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
    if (document.kind === 'compte_rendu' && step === 'sharing') {
      throw new PathwayTransitionError(
        'the compte-rendu has already been received; send a corrected version instead',
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
    this.queueFiling(document.kind, document.documentId, now);
    this.queueDispatch({ purpose: document.kind, documentId: document.documentId }, now);
    if (document.kind === 'bilan_initial') {
      this.state.step = 'care';
    } else {
      this.state.step = 'sharing';
      this.completeWhenShared(now);
    }
  }

  checkReplace({ document }: ReplaceDocumentArgs): void {
    this.checkActive();
    const duty =
      document.kind === 'bilan_initial' ? this.state.bilanInitial : this.state.compteRendu;
    if (!duty?.document) {
      throw new PathwayTransitionError(
        `there is no ${document.kind.replace('_', ' ')} to correct yet`,
      );
    }
  }

  /** A corrected version replaces the received document; in the DMP it will replace the filed one. */
  replace(args: ReplaceDocumentArgs, now: number): void {
    this.checkReplace(args);
    const duty = (
      args.document.kind === 'bilan_initial' ? this.state.bilanInitial : this.state.compteRendu
    ) as DocumentDuty;
    const replaced = duty.document as NonNullable<DocumentDuty['document']>;
    const document = { ...args.document, receivedAt: iso(now) };
    duty.document = document;
    this.append(args.actor, now, {
      type: 'document_replaced',
      document,
      replacedDocumentId: replaced.documentId,
    });
    this.queueDispatch(
      { purpose: document.kind, documentId: document.documentId, correction: true },
      now,
    );
    const previous = this.state.sharing?.[document.kind];
    this.queueFiling(
      document.kind,
      document.documentId,
      now,
      previous?.dmpUniqueId ?? previous?.replacesDmpUniqueId,
    );
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
    this.queueDispatch({ purpose: 'referral', referralId }, now);
  }

  checkAbandon(_args: AbandonArgs): void {
    this.checkActive();
  }

  abandon(args: AbandonArgs, now: number): void {
    this.checkAbandon(args);
    this.state.abandonReason = args.reason;
    this.close('abandoned', now);
    this.append(args.actor, now, { type: 'abandoned', reason: args.reason });
    // Filings under way still finish (the documents were received); nobody will answer the waiting ones.
    this.forEachFiling((documentKind, filing) => {
      if (filing.status === 'waiting') this.skip(documentKind, filing, 'pathway_abandoned', now);
    });
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
    // Messages that could not go for want of a (reachable) médecin traitant go to the new one.
    if (args.medecinTraitant.declared) {
      for (const dispatch of this.state.mssDispatches ?? []) {
        if (dispatch.status === 'skipped') {
          dispatch.status = 'to_send';
          delete dispatch.skipReason;
          delete dispatch.detail;
        }
      }
    }
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
    this.forEachFiling((documentKind, filing) => {
      if (args.consentementDmp === 'given') {
        const refusedBefore =
          filing.status === 'skipped' && filing.skipReason === 'consent_refused';
        if (refusedBefore || (filing.status === 'waiting' && filing.waitingFor === 'consent')) {
          this.resume(documentKind, filing, 'consent', args.actor, now);
        }
      } else if (
        args.consentementDmp === 'refused' &&
        (filing.status === 'to_file' || filing.status === 'waiting')
      ) {
        this.skip(documentKind, filing, 'consent_refused', now);
      }
    });
    this.completeWhenShared(now);
  }

  // ---- DMP filing -------------------------------------------------------------

  checkRecordDmpAuthorization(_args: RecordDmpAuthorizationArgs): void {
    this.checkActive();
    if (
      !this.filings().some(([, f]) => f.status === 'waiting' && f.waitingFor === 'authorization')
    ) {
      throw new PathwayTransitionError("no filing is waiting for the patient's DMP authorisation");
    }
  }

  /** The patient has authorised the practitioner: record it in the DMP, then file. */
  recordDmpAuthorization(args: RecordDmpAuthorizationArgs, now: number): void {
    this.checkRecordDmpAuthorization(args);
    this.forEachFiling((documentKind, filing) => {
      if (filing.status === 'waiting' && filing.waitingFor === 'authorization') {
        filing.authorizeFirst = true;
        this.resume(documentKind, filing, 'authorization', args.actor, now);
      }
    });
  }

  checkRetryDmpFiling({ documentKind }: RetryDmpFilingArgs): void {
    this.checkActive();
    const filing = this.state.sharing?.[documentKind];
    if (filing?.status !== 'waiting' || filing.waitingFor === 'consent') {
      throw new PathwayTransitionError(
        filing?.waitingFor === 'consent'
          ? "the filing waits for the patient's consent: record it instead"
          : `no DMP filing of the ${documentKind.replace('_', ' ')} is waiting`,
      );
    }
  }

  /** Someone fixed what stopped the filing (identity qualified, authorisation…): try again. */
  retryDmpFiling(args: RetryDmpFilingArgs, now: number): void {
    this.checkRetryDmpFiling(args);
    const filing = this.state.sharing?.[args.documentKind] as DmpFiling;
    this.resume(args.documentKind, filing, filing.waitingFor as DmpAction, args.actor, now);
  }

  /** What the filing activity reported for a document (possibly an older version of it). */
  recordFilingOutcome(
    documentKind: DocumentKind,
    documentId: string,
    result: DmpFilingOutcome,
    now: number,
  ): void {
    const filing = this.state.sharing?.[documentKind];
    if (!filing) return;
    const current = filing.documentId === documentId;
    if (result.outcome === 'filed') {
      this.append(ENGINE, now, {
        type: 'dmp_filed',
        documentKind,
        documentId,
        dmpUniqueId: result.dmpUniqueId,
        filedAt: result.filedAt,
        ...(current && filing.replacesDmpUniqueId
          ? { replacedDmpUniqueId: filing.replacesDmpUniqueId }
          : {}),
      });
      if (current) {
        Object.assign(filing, {
          status: 'filed',
          dmpUniqueId: result.dmpUniqueId,
          filedAt: result.filedAt,
        });
        delete filing.waitingFor;
        delete filing.reason;
        filing.authorizeFirst = false;
      } else {
        // An older version reached the DMP while a correction was on its way: the correction replaces it.
        filing.replacesDmpUniqueId = result.dmpUniqueId;
      }
    } else if (current && filing.status === 'to_file') {
      if (result.outcome === 'skipped')
        this.skip(documentKind, filing, result.reason, now, result.detail);
      else this.await(documentKind, filing, result.action, result.reason, now);
    }
    this.completeWhenShared(now);
  }

  // ---- lateness ---------------------------------------------------------------

  /**
   * When the next reminder or escalation is due for the awaited document:
   * at the due date, then every `reminderEvery`, and never sooner than one
   * cadence after the last one (a worker back from a long stop sends one
   * reminder, not the whole backlog).
   */
  nextNotificationAt(): number | undefined {
    const times = [
      this.nextDocumentReminderAt(),
      ...this.waitingFilings().map(([, f]) => this.nextFilingReminderAt(f)),
    ];
    const due = times.filter((t): t is number => t !== undefined);
    return due.length > 0 ? Math.min(...due) : undefined;
  }

  /** Sends whichever reminder is due: the late document's first, then a waiting filing's. */
  notifyDue(now: number): PathwayNotification {
    const documentAt = this.nextDocumentReminderAt();
    if (documentAt !== undefined && documentAt <= now) return this.notifyLate(now);
    const due = this.waitingFilings().find(
      ([, f]) => (this.nextFilingReminderAt(f) ?? Infinity) <= now,
    );
    if (!due) throw new PathwayTransitionError('no reminder is due');
    const [documentKind, filing] = due;
    const notification = this.notification(
      'reminder',
      `dmp_${filing.waitingFor as DmpAction}`,
      documentKind,
      { kind: 'practitioner', id: this.state.practitionerId },
      now,
    );
    notification.count = filing.remindersSent + 1;
    filing.remindersSent += 1;
    filing.lastNotifiedAt = iso(now);
    this.append(ENGINE, now, { type: 'reminder_sent', notification });
    return notification;
  }

  private nextDocumentReminderAt(): number | undefined {
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
          topic: 'document_missing',
          recipient: { kind: 'coordinator', cptsId: this.state.cptsId },
          documentKind: duty.kind,
          count: duty.remindersSent,
          dueAt: duty.dueAt,
        }
      : {
          notificationId: `${this.state.pathwayId}:${seq}`,
          kind: 'reminder',
          topic: 'document_missing',
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
      sharing: s.sharing ?? {},
      mssDispatches: s.mssDispatches ?? [],
      lastSeq: s.seq,
    };
  }

  // ---- internals --------------------------------------------------------------

  private checkActive(): void {
    if (this.state.status !== 'active') {
      throw new PathwayTransitionError(`the pathway is closed (${this.state.status})`);
    }
  }

  /** Starts the DMP filing of a received document, as the patient's consent allows. */
  private queueFiling(
    documentKind: DocumentKind,
    documentId: string,
    now: number,
    replacesDmpUniqueId?: string,
  ): void {
    if (!this.state.sharingEnabled) return;
    const filing: DmpFiling = {
      documentId,
      status: 'to_file',
      remindersSent: 0,
      ...(replacesDmpUniqueId ? { replacesDmpUniqueId } : {}),
    };
    (this.state.sharing ??= {})[documentKind] = filing;
    if (this.state.consentementDmp === 'refused')
      this.skip(documentKind, filing, 'consent_refused', now);
    else if (this.state.consentementDmp === 'not_asked') {
      this.await(
        documentKind,
        filing,
        'consent',
        'the patient has not been asked about filing in their DMP',
        now,
      );
    }
  }

  /**
   * Owes the médecin traitant a message: to send, or skipped at once (with the
   * reason recorded) when the patient declared none.
   */
  private queueDispatch(
    what: Pick<MssDispatch, 'purpose' | 'documentId' | 'referralId' | 'correction'>,
    now: number,
  ): void {
    if (!this.state.mssEnabled) return;
    const key = `${what.purpose}:${what.documentId ?? what.referralId}`;
    const dispatches = (this.state.mssDispatches ??= []);
    if (dispatches.some((d) => d.key === key)) return;
    const dispatch: MssDispatch = { key, ...what, status: 'to_send' };
    if (!what.correction) delete dispatch.correction;
    dispatches.push(dispatch);
    if (!this.state.medecinTraitant.declared) {
      this.skipDispatch(
        dispatch,
        'no_medecin_traitant',
        now,
        'the patient declared no médecin traitant',
      );
    }
  }

  private skipDispatch(
    dispatch: MssDispatch,
    reason: NonNullable<MssDispatch['skipReason']>,
    now: number,
    detail?: string,
  ): void {
    Object.assign(dispatch, { status: 'skipped', skipReason: reason });
    if (detail) dispatch.detail = detail;
    this.append(ENGINE, now, {
      type: 'mss_skipped',
      key: dispatch.key,
      purpose: dispatch.purpose,
      reason,
      ...(detail ? { detail } : {}),
    });
  }

  private skip(
    documentKind: DocumentKind,
    filing: DmpFiling,
    reason: DmpSkipReason,
    now: number,
    detail?: string,
  ): void {
    Object.assign(filing, { status: 'skipped', skipReason: reason });
    delete filing.waitingFor;
    this.append(ENGINE, now, {
      type: 'dmp_filing_skipped',
      documentKind,
      documentId: filing.documentId,
      reason,
      ...(detail ? { detail } : {}),
    });
  }

  /** A person must act before filing can go on: tell the practitioner now, then remind them. */
  private await(
    documentKind: DocumentKind,
    filing: DmpFiling,
    action: DmpAction,
    reason: string,
    now: number,
  ): void {
    Object.assign(filing, {
      status: 'waiting',
      waitingFor: action,
      reason,
      remindersSent: 0,
      lastNotifiedAt: iso(now),
    });
    const notification = this.notification(
      'action_required',
      `dmp_${action}`,
      documentKind,
      {
        kind: 'practitioner',
        id: this.state.practitionerId,
      },
      now,
    );
    this.append(ENGINE, now, {
      type: 'dmp_action_required',
      documentKind,
      documentId: filing.documentId,
      action,
      reason,
      notification,
    });
  }

  private resume(
    documentKind: DocumentKind,
    filing: DmpFiling,
    after: DmpAction,
    actor: Actor,
    now: number,
  ): void {
    Object.assign(filing, { status: 'to_file' });
    delete filing.waitingFor;
    delete filing.reason;
    delete filing.skipReason;
    this.append(actor, now, {
      type: 'dmp_filing_resumed',
      documentKind,
      documentId: filing.documentId,
      after,
    });
  }

  /** Closes a pathway whose documents are all in and shared (filed or skipped for a reason). */
  private completeWhenShared(now: number): void {
    if (this.state.step !== 'sharing') return;
    if (this.filings().some(([, f]) => f.status === 'to_file' || f.status === 'waiting')) return;
    if (this.nextDispatchToRun()) return;
    this.close('completed', now);
    this.append(ENGINE, now, { type: 'completed' });
  }

  private notification(
    kind: PathwayNotification['kind'],
    topic: NonNullable<PathwayNotification['topic']>,
    documentKind: DocumentKind,
    recipient: PathwayNotification['recipient'],
    now: number,
  ): PathwayNotification {
    const seq = this.state.seq + 1;
    return {
      notificationId: `${this.state.pathwayId}:${seq}`,
      kind,
      topic,
      recipient,
      documentKind,
      count: 1,
      // For a human step the action is due at once.
      dueAt: iso(now),
    };
  }

  private nextFilingReminderAt(filing: DmpFiling): number | undefined {
    if (!this.isActive || filing.status !== 'waiting' || !filing.lastNotifiedAt) return undefined;
    return Date.parse(filing.lastNotifiedAt) + parseIsoDuration(this.state.policy.reminderEvery);
  }

  private filings(): [DocumentKind, DmpFiling][] {
    return (['bilan_initial', 'compte_rendu'] as const)
      .map((kind): [DocumentKind, DmpFiling | undefined] => [kind, this.state.sharing?.[kind]])
      .filter((entry): entry is [DocumentKind, DmpFiling] => entry[1] !== undefined);
  }

  private waitingFilings(): [DocumentKind, DmpFiling][] {
    return this.filings().filter(([, f]) => f.status === 'waiting');
  }

  private forEachFiling(visit: (documentKind: DocumentKind, filing: DmpFiling) => void): void {
    for (const [documentKind, filing] of this.filings()) visit(documentKind, filing);
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
