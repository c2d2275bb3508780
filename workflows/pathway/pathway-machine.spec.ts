import { PathwayMachine, PathwayTransitionError } from './pathway-machine';
import type { DepositDocumentArgs, PathwayOpening } from './types';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T09:00:00Z');
const user = { kind: 'user', id: 'ortho-1' } as const;

const opening: PathwayOpening = {
  pathwayId: 'p-1',
  cptsId: 'cpts-1',
  practitionerId: 'ortho-1',
  patientId: 'patient-1',
  medecinTraitant: { declared: true, rpps: '10000000015', name: 'Dr Claire MARTIN' },
  consentementDmp: 'given',
  policy: {
    bilanInitialDueAfter: 'P30D',
    compteRenduDueAfter: 'P15D',
    reminderEvery: 'P7D',
    escalateAfterReminders: 2,
  },
  openedBy: user,
};

function deposit(
  kind: 'bilan_initial' | 'compte_rendu',
  documentDate = '2026-03-05',
): DepositDocumentArgs {
  return {
    actor: user,
    document: {
      documentId: `doc-${kind}`,
      kind,
      title: kind === 'bilan_initial' ? 'Bilan initial' : 'Compte-rendu',
      documentDate,
      mediaType: 'application/pdf',
      sizeBytes: 1234,
      sha256: 'a'.repeat(64),
    },
  };
}

const types = (machine: PathwayMachine) => machine.state.history.map((h) => h.event.type);

describe('PathwayMachine', () => {
  it('opens waiting for the bilan initial, due after the policy delay', () => {
    const machine = PathwayMachine.open(opening, T0);
    expect(machine.state).toMatchObject({
      status: 'active',
      step: 'bilan_initial',
      overdue: false,
      seq: 1,
    });
    expect(machine.state.bilanInitial.dueAt).toBe(new Date(T0 + 30 * DAY).toISOString());
    expect(machine.takeUnrecorded().map((e) => e.event.type)).toEqual(['opened']);
    expect(machine.hasUnrecorded).toBe(false);
  });

  it('goes through every step to completion', () => {
    const machine = PathwayMachine.open(opening, T0);
    machine.deposit(deposit('bilan_initial'), T0 + DAY);
    expect(machine.state.step).toBe('care');
    machine.refer(
      { actor: user, physician: { name: 'Dr ROUX' }, reason: 'avis ORL' },
      T0 + 2 * DAY,
      'ref-1',
    );
    machine.endCare({ actor: user, careEndedOn: '2026-04-01' }, T0 + 40 * DAY);
    expect(machine.state.step).toBe('compte_rendu');
    expect(machine.state.compteRendu?.dueAt).toBe(new Date(T0 + 55 * DAY).toISOString());
    machine.deposit(deposit('compte_rendu', '2026-04-02'), T0 + 41 * DAY);
    expect(machine.state).toMatchObject({ status: 'completed', step: 'closed' });
    expect(types(machine)).toEqual([
      'opened',
      'document_received',
      'referred',
      'care_ended',
      'document_received',
      'completed',
    ]);
    expect(machine.state.history.map((h) => h.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('takes the compte-rendu during care as the end of care, on the document date', () => {
    const machine = PathwayMachine.open(opening, T0);
    machine.deposit(deposit('bilan_initial'), T0 + DAY);
    machine.deposit(deposit('compte_rendu', '2026-04-10'), T0 + 40 * DAY);
    expect(machine.state.careEndedOn).toBe('2026-04-10');
    expect(types(machine).slice(-3)).toEqual(['care_ended', 'document_received', 'completed']);
  });

  const opened = () => PathwayMachine.open(opening, T0);
  const inCare = () => {
    const machine = PathwayMachine.open(opening, T0);
    machine.deposit(deposit('bilan_initial'), T0);
    return machine;
  };

  it.each([
    [
      'a second bilan initial',
      inCare,
      (m: PathwayMachine) => m.checkDeposit(deposit('bilan_initial')),
      /already been received/,
    ],
    [
      'a compte-rendu before the bilan',
      opened,
      (m: PathwayMachine) => m.checkDeposit(deposit('compte_rendu')),
      /still missing/,
    ],
    [
      'an end of care before the bilan',
      opened,
      (m: PathwayMachine) => m.checkEndCare({ actor: user, careEndedOn: '2026-03-05' }),
      /before the bilan/,
    ],
    [
      'the consent it already has',
      opened,
      (m: PathwayMachine) => m.checkChangeConsent({ actor: user, consentementDmp: 'given' }),
      /already "given"/,
    ],
  ])('refuses %s', (_label, setup, attempt, message) => {
    expect(() => attempt(setup())).toThrow(message);
  });

  it('refuses an end of care dated before the pathway opened (in Paris time)', () => {
    const machine = PathwayMachine.open(opening, T0);
    machine.deposit(deposit('bilan_initial'), T0 + DAY);
    expect(() => machine.checkEndCare({ actor: user, careEndedOn: '2026-03-01' })).toThrow(
      /before the pathway opened/,
    );
    expect(() => machine.checkEndCare({ actor: user, careEndedOn: '2026-03-02' })).not.toThrow();
  });

  it('refuses everything but reading once closed', () => {
    const machine = PathwayMachine.open(opening, T0);
    machine.abandon({ actor: user, reason: 'déménagement' }, T0 + DAY);
    expect(machine.state).toMatchObject({
      status: 'abandoned',
      step: 'closed',
      abandonReason: 'déménagement',
    });
    expect(() =>
      machine.checkRefer({ actor: user, physician: { name: 'x' }, reason: 'y' }),
    ).toThrow(PathwayTransitionError);
    expect(() => machine.checkAbandon({ actor: user, reason: 'again' })).toThrow(
      /closed \(abandoned\)/,
    );
    expect(machine.nextNotificationAt()).toBeUndefined();
  });

  describe('lateness', () => {
    it('reminds at the due date, then every cadence, then alerts the coordinator once', () => {
      const machine = PathwayMachine.open(opening, T0);
      const due = T0 + 30 * DAY;
      expect(machine.nextNotificationAt()).toBe(due);

      const first = machine.notifyLate(due);
      expect(first).toMatchObject({
        kind: 'reminder',
        count: 1,
        recipient: { kind: 'practitioner', id: 'ortho-1' },
      });
      expect(machine.state.overdue).toBe(true);
      expect(machine.nextNotificationAt()).toBe(due + 7 * DAY);

      expect(machine.notifyLate(due + 7 * DAY)).toMatchObject({ kind: 'reminder', count: 2 });
      const escalation = machine.notifyLate(due + 14 * DAY);
      expect(escalation).toMatchObject({
        kind: 'escalation',
        count: 2,
        recipient: { kind: 'coordinator', cptsId: 'cpts-1' },
      });
      expect(machine.state.bilanInitial.escalatedAt).toBe(new Date(due + 14 * DAY).toISOString());

      // After the escalation, the practitioner keeps being reminded; the coordinator is not alerted again.
      expect(machine.notifyLate(due + 21 * DAY)).toMatchObject({ kind: 'reminder', count: 3 });
      expect(types(machine)).toEqual([
        'opened',
        'reminder_sent',
        'reminder_sent',
        'escalated',
        'reminder_sent',
      ]);
    });

    it('gives each notification the id of its history entry', () => {
      const machine = PathwayMachine.open(opening, T0);
      const notification = machine.notifyLate(T0 + 30 * DAY);
      expect(notification.notificationId).toBe(`p-1:${machine.state.seq}`);
    });

    it('escalates at once when the policy says zero reminders', () => {
      const machine = PathwayMachine.open(
        { ...opening, policy: { ...opening.policy, escalateAfterReminders: 0 } },
        T0,
      );
      expect(machine.notifyLate(T0 + 30 * DAY).kind).toBe('escalation');
    });

    it('sends one reminder after a long stop, not the whole backlog', () => {
      const machine = PathwayMachine.open(opening, T0);
      const due = T0 + 30 * DAY;
      const muchLater = due + 60 * DAY;
      machine.notifyLate(muchLater);
      expect(machine.nextNotificationAt()).toBe(muchLater + 7 * DAY);
    });

    it('stops when the document arrives, and starts again for the compte-rendu', () => {
      const machine = PathwayMachine.open(opening, T0);
      machine.notifyLate(T0 + 30 * DAY);
      machine.deposit(deposit('bilan_initial'), T0 + 31 * DAY);
      expect(machine.state.overdue).toBe(false);
      expect(machine.nextNotificationAt()).toBeUndefined();
      machine.endCare({ actor: user, careEndedOn: '2026-05-01' }, T0 + 60 * DAY);
      expect(machine.nextNotificationAt()).toBe(T0 + 75 * DAY);
      expect(machine.notifyLate(T0 + 75 * DAY)).toMatchObject({
        kind: 'reminder',
        count: 1,
        documentKind: 'compte_rendu',
      });
    });
  });

  it('carries its state through continue-as-new without re-recording history', () => {
    const machine = PathwayMachine.open(opening, T0);
    machine.takeUnrecorded();
    const resumed = PathwayMachine.resume(JSON.parse(JSON.stringify(machine.state)));
    expect(resumed.state.run).toBe(2);
    expect(resumed.hasUnrecorded).toBe(false);
    resumed.deposit(deposit('bilan_initial'), T0 + DAY);
    expect(resumed.takeUnrecorded().map((e) => e.seq)).toEqual([2]);
  });
});

describe('PathwayMachine — DMP filing', () => {
  function sharingMachine(
    consentementDmp: 'given' | 'refused' | 'not_asked' = 'given',
  ): PathwayMachine {
    const machine = PathwayMachine.open({ ...opening, consentementDmp }, T0);
    machine.enableSharing();
    return machine;
  }
  const filed = (id: string) => ({
    outcome: 'filed' as const,
    dmpUniqueId: `2.25.${id}`,
    filedAt: '2026-03-03T10:00:00.000Z',
  });

  it('files each document with consent, and completes once both are filed', () => {
    const machine = sharingMachine();
    machine.deposit(deposit('bilan_initial'), T0 + DAY);
    expect(machine.nextFilingToRun()).toMatchObject({
      documentKind: 'bilan_initial',
      filing: { status: 'to_file' },
    });
    machine.recordFilingOutcome('bilan_initial', 'doc-bilan_initial', filed('1'), T0 + DAY);
    expect(machine.state.sharing?.bilan_initial).toMatchObject({
      status: 'filed',
      dmpUniqueId: '2.25.1',
    });
    machine.deposit(deposit('compte_rendu', '2026-04-01'), T0 + 30 * DAY);
    expect(machine.state).toMatchObject({ status: 'active', step: 'sharing' });
    machine.recordFilingOutcome('compte_rendu', 'doc-compte_rendu', filed('2'), T0 + 30 * DAY);
    expect(machine.state).toMatchObject({ status: 'completed', step: 'closed' });
    expect(types(machine)).toEqual([
      'opened',
      'document_received',
      'dmp_filed',
      'care_ended',
      'document_received',
      'dmp_filed',
      'completed',
    ]);
  });

  it('skips filing when the patient refused, with the reason, and completes at once', () => {
    const machine = sharingMachine('refused');
    machine.deposit(deposit('bilan_initial'), T0 + DAY);
    machine.deposit(deposit('compte_rendu', '2026-04-01'), T0 + 30 * DAY);
    expect(machine.nextFilingToRun()).toBeUndefined();
    expect(machine.state.status).toBe('completed');
    const skips = machine.state.history.filter((h) => h.event.type === 'dmp_filing_skipped');
    expect(skips.map((h) => h.event)).toEqual([
      expect.objectContaining({ documentKind: 'bilan_initial', reason: 'consent_refused' }),
      expect.objectContaining({ documentKind: 'compte_rendu', reason: 'consent_refused' }),
    ]);
  });

  it('asks for consent when it was not asked, then files once it is given', () => {
    const machine = sharingMachine('not_asked');
    machine.deposit(deposit('bilan_initial'), T0 + DAY);
    const asked = machine.state.history.at(-1)?.event;
    expect(asked).toMatchObject({
      type: 'dmp_action_required',
      action: 'consent',
      notification: {
        kind: 'action_required',
        topic: 'dmp_consent',
        recipient: { kind: 'practitioner' },
      },
    });
    expect(machine.nextFilingToRun()).toBeUndefined();
    machine.changeConsent({ actor: user, consentementDmp: 'given' }, T0 + 2 * DAY);
    expect(machine.nextFilingToRun()?.filing.documentId).toBe('doc-bilan_initial');
  });

  it('stops filing when consent is withdrawn before the document was filed', () => {
    const machine = sharingMachine();
    machine.deposit(deposit('bilan_initial'), T0 + DAY);
    machine.changeConsent({ actor: user, consentementDmp: 'refused' }, T0 + DAY);
    expect(machine.state.sharing?.bilan_initial).toMatchObject({
      status: 'skipped',
      skipReason: 'consent_refused',
    });
    // The activity was already under way and filed it: that is recorded, it is in the DMP.
    machine.recordFilingOutcome('bilan_initial', 'doc-bilan_initial', filed('1'), T0 + DAY);
    expect(machine.state.sharing?.bilan_initial?.status).toBe('filed');
  });

  it("waits for the patient's authorisation, reminds the practitioner, then records it before filing", () => {
    const machine = sharingMachine();
    machine.deposit(deposit('bilan_initial'), T0 + DAY);
    machine.recordFilingOutcome(
      'bilan_initial',
      'doc-bilan_initial',
      { outcome: 'waiting', action: 'authorization', reason: 'authorisation older than 6 months' },
      T0 + DAY,
    );
    expect(machine.state.sharing?.bilan_initial).toMatchObject({
      status: 'waiting',
      waitingFor: 'authorization',
    });
    expect(machine.nextNotificationAt()).toBe(T0 + DAY + 7 * DAY);
    expect(machine.notifyDue(T0 + 8 * DAY)).toMatchObject({
      kind: 'reminder',
      topic: 'dmp_authorization',
      count: 1,
    });
    expect(() =>
      machine.checkRetryDmpFiling({ actor: user, documentKind: 'compte_rendu' }),
    ).toThrow(PathwayTransitionError);
    machine.recordDmpAuthorization({ actor: user }, T0 + 9 * DAY);
    expect(machine.nextFilingToRun()?.filing).toMatchObject({
      status: 'to_file',
      authorizeFirst: true,
    });
    expect(() => machine.checkRecordDmpAuthorization({ actor: user })).toThrow(
      /no filing is waiting/,
    );
  });

  it('skips for good a patient without DMP, and retries a filing once the identity is fixed', () => {
    const machine = sharingMachine();
    machine.deposit(deposit('bilan_initial'), T0 + DAY);
    machine.recordFilingOutcome(
      'bilan_initial',
      'doc-bilan_initial',
      { outcome: 'waiting', action: 'identity', reason: 'INS not qualified' },
      T0 + DAY,
    );
    machine.retryDmpFiling({ actor: user, documentKind: 'bilan_initial' }, T0 + 2 * DAY);
    machine.recordFilingOutcome(
      'bilan_initial',
      'doc-bilan_initial',
      { outcome: 'skipped', reason: 'no_dmp', detail: 'NON_EXISTE' },
      T0 + 2 * DAY,
    );
    expect(machine.state.sharing?.bilan_initial).toMatchObject({
      status: 'skipped',
      skipReason: 'no_dmp',
    });
  });

  it('files a corrected bilan as a replacement of the filed one', () => {
    const machine = sharingMachine();
    machine.deposit(deposit('bilan_initial'), T0 + DAY);
    machine.recordFilingOutcome('bilan_initial', 'doc-bilan_initial', filed('1'), T0 + DAY);
    const corrected = { ...deposit('bilan_initial').document, documentId: 'doc-bilan-v2' };
    machine.replace({ actor: user, document: corrected }, T0 + 3 * DAY);
    expect(machine.state.bilanInitial.document?.documentId).toBe('doc-bilan-v2');
    expect(machine.nextFilingToRun()?.filing).toMatchObject({
      documentId: 'doc-bilan-v2',
      replacesDmpUniqueId: '2.25.1',
    });
    machine.recordFilingOutcome('bilan_initial', 'doc-bilan-v2', filed('2'), T0 + 3 * DAY);
    expect(machine.state.history.at(-1)?.event).toMatchObject({
      type: 'dmp_filed',
      replacedDmpUniqueId: '2.25.1',
    });
  });

  it('lets a correction replace a version that reached the DMP while it was on its way', () => {
    const machine = sharingMachine();
    machine.deposit(deposit('bilan_initial'), T0 + DAY);
    machine.replace(
      { actor: user, document: { ...deposit('bilan_initial').document, documentId: 'v2' } },
      T0 + DAY,
    );
    machine.recordFilingOutcome('bilan_initial', 'doc-bilan_initial', filed('1'), T0 + DAY);
    expect(machine.nextFilingToRun()?.filing).toMatchObject({
      documentId: 'v2',
      replacesDmpUniqueId: '2.25.1',
    });
  });

  it('on abandon, gives up the filings waiting for a person but finishes those under way', () => {
    const machine = sharingMachine();
    machine.deposit(deposit('bilan_initial'), T0 + DAY);
    machine.abandon({ actor: user, reason: 'déménagement' }, T0 + 2 * DAY);
    expect(machine.nextFilingToRun()?.filing.status).toBe('to_file');
    const other = sharingMachine('not_asked');
    other.deposit(deposit('bilan_initial'), T0 + DAY);
    other.abandon({ actor: user, reason: 'déménagement' }, T0 + 2 * DAY);
    expect(other.state.sharing?.bilan_initial).toMatchObject({
      status: 'skipped',
      skipReason: 'pathway_abandoned',
    });
  });

  it('files nothing when sharing is not enabled (pathways recorded before DMP filing)', () => {
    const machine = PathwayMachine.open(opening, T0);
    machine.deposit(deposit('bilan_initial'), T0 + DAY);
    expect(machine.nextFilingToRun()).toBeUndefined();
    expect(machine.state.sharing).toBeUndefined();
  });
});
