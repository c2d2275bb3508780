import { randomUUID } from 'node:crypto';
import type { MssDispatch } from '@app/domain';
import {
  Directory,
  type IndicatorFigures,
  type Indicators,
  PathwayReadModel,
  type PathwayRowUpdate,
} from '@app/persistence';
import { MssMailboxService } from '../apps/worker/mss-mailbox.service';
import {
  SLOW_POLICY,
  TestEngine,
  TestReferences,
  administratorSession,
  browserAgent,
  coordinatorSession,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestEngine,
  today,
  waitFor,
} from './support/harness';

const DAY = 86_400_000;
const MEDECIN = { declared: true, rpps: '99700000011', name: 'Dr Claire MARTIN' };

/**
 * The indicators and the worklist against pathways built for each figure: two
 * run by the engine end to end (sent, delivered, read, filed; no médecin
 * traitant and consent refused), and read-model rows written by the
 * recording activity's own writer for the cases that take weeks (late, missing,
 * each skip reason, other months, a second orthophoniste).
 */
describe('CPTS indicators and worklist', () => {
  let engine: TestEngine;
  let refs: TestReferences;
  let second: { id: string };
  let coordinator: string;
  const now = Date.now();
  const daysAgo = (n: number) => new Date(now - n * DAY);

  beforeAll(async () => {
    engine = await startTestEngine();
    refs = await seedReferences(engine.dataSource);
    second = { id: randomUUID() };
    await new Directory(engine.dataSource).savePractitioners([
      {
        id: second.id,
        rpps: '10000000299',
        familyName: 'AUBERT',
        givenNames: 'Zoé',
        professionCode: '91',
        cptsId: refs.cptsId,
        mssAddress: null,
        billingNumber: '751234567',
      },
    ]);
    coordinator = await coordinatorSession(engine.dataSource, refs.cptsId);
  });

  afterAll(async () => {
    await engine?.close();
  });

  const as = (session: string) => browserAgent(engine.api, session);
  const indicators = async (query = '') =>
    (await as(coordinator).get(`/cpts/${refs.cptsId}/indicators${query}`).expect(200))
      .body as Indicators;

  /** A read-model row as the recording activity writes it, opened `openedDaysAgo` days ago. */
  function row(openedDaysAgo: number, extra: Partial<PathwayRowUpdate> = {}): PathwayRowUpdate {
    const openedAt = daysAgo(openedDaysAgo);
    return {
      id: randomUUID(),
      cptsId: refs.cptsId,
      practitionerId: refs.practitionerId,
      patientId: refs.patientId,
      status: 'active',
      step: 'bilan_initial',
      medecinTraitant: { ...MEDECIN },
      consentementDmp: 'given',
      policy: SLOW_POLICY,
      openedAt,
      bilanInitialDueAt: new Date(openedAt.getTime() + 30 * DAY),
      bilanInitialDocumentId: null,
      bilanInitialReceivedAt: null,
      bilanInitialReminders: 0,
      bilanInitialEscalatedAt: null,
      careEndedOn: null,
      compteRenduDueAt: null,
      compteRenduDocumentId: null,
      compteRenduReceivedAt: null,
      compteRenduReminders: 0,
      compteRenduEscalatedAt: null,
      referralCount: 0,
      bilanInitialDmpStatus: null,
      bilanInitialDmpWaitingFor: null,
      bilanInitialDmpSkipReason: null,
      bilanInitialDmpUniqueId: null,
      bilanInitialDmpFiledAt: null,
      bilanInitialDmpReason: null,
      compteRenduDmpStatus: null,
      compteRenduDmpWaitingFor: null,
      compteRenduDmpSkipReason: null,
      compteRenduDmpUniqueId: null,
      compteRenduDmpFiledAt: null,
      compteRenduDmpReason: null,
      closedAt: null,
      abandonReason: null,
      mssDispatches: [],
      lastSeq: 1,
      ...extra,
    };
  }

  /** A bilan received `afterDays` days after opening, then shared as told. */
  function bilanReceived(
    r: PathwayRowUpdate,
    afterDays: number,
    share: { mss?: Partial<MssDispatch>; dmp?: Partial<PathwayRowUpdate> } = {},
  ): PathwayRowUpdate {
    const receivedAt = new Date(r.openedAt.getTime() + afterDays * DAY);
    const documentId = randomUUID();
    return {
      ...r,
      step: 'care',
      bilanInitialDocumentId: documentId,
      bilanInitialReceivedAt: receivedAt,
      mssDispatches: share.mss
        ? [
            {
              key: `bilan_initial:${documentId}`,
              purpose: 'bilan_initial',
              documentId,
              status: 'sent',
              ...share.mss,
            },
          ]
        : [],
      bilanInitialDmpStatus: 'filed',
      ...share.dmp,
    };
  }

  const sentAfter = (r: PathwayRowUpdate, afterDays: number) =>
    new Date(r.openedAt.getTime() + afterDays * DAY).toISOString();

  async function write(rows: PathwayRowUpdate[]) {
    const readModel = new PathwayReadModel(engine.dataSource);
    await engine.dataSource.transaction(async (manager) => {
      for (const r of rows) await readModel.upsert(manager, r);
    });
  }

  /** The synthetic pathways of the CPTS, by what each is built to count. */
  const built: Record<string, PathwayRowUpdate> = {};

  it('counts what the engine did for two real pathways: sent, delivered, read, filed; skipped for no médecin traitant and refused consent', async () => {
    const http = () => as(refs.session);
    const upload = (id: string, path: string) =>
      http()
        .post(`/pathways/${id}/${path}`)
        .attach('file', pdfBytes(4096), 'bilan.pdf')
        .field('title', 'Bilan orthophonique')
        .field('documentDate', today())
        .expect(200);
    const shared = (
      await http()
        .post('/pathways')
        .send(openingBody(refs, { medecinTraitant: MEDECIN }))
        .expect(201)
    ).body.id as string;
    const alone = (
      await http()
        .post('/pathways')
        .send(
          openingBody(refs, { medecinTraitant: { declared: false }, consentementDmp: 'refused' }),
        )
        .expect(201)
    ).body.id as string;
    await upload(shared, 'bilan-initial');
    await upload(alone, 'bilan-initial');
    const mailbox = engine.worker.get(MssMailboxService);
    await waitFor(
      'the acknowledgments in the indicators',
      async () => {
        await mailbox.pollOnce();
        const f = (await indicators()).figures.sharing.bilanInitial;
        return f.mss.read === 1 && f.dmp.filed === 1 && f.dmp.skipped.consent_refused === 1
          ? f
          : undefined;
      },
      90_000,
    );
    const figures = (await indicators()).figures;
    expect(figures.pathways).toEqual({ opened: 2, active: 2, completed: 0, abandoned: 0 });
    expect(figures.patientsWithoutMedecinTraitant).toBe(1);
    expect(figures.duties.bilanInitial).toMatchObject({
      owed: 2,
      receivedOnTime: 2,
      receivedLate: 0,
    });
    expect(figures.sharing.bilanInitial).toEqual({
      received: 2,
      mss: {
        sent: 1,
        delivered: 1,
        read: 1,
        pending: 0,
        skipped: { no_medecin_traitant: 1, no_mss_address: 0, address_refused: 0 },
      },
      dmp: {
        filed: 1,
        waiting: 0,
        toFile: 0,
        skipped: { consent_refused: 1, no_dmp: 0, pathway_abandoned: 0 },
      },
    });
    expect(figures.delays.bilanInitialToMedecinTraitant.count).toBe(1);
    expect(figures.delays.bilanInitialToMedecinTraitant.medianDays).toBeLessThan(1);
    // These two belong to this month; the synthetic ones below are older. Stopped, they write no more.
    for (const id of [shared, alone]) await engine.client.workflow.getHandle(id).terminate('test');
    await engine.dataSource.query(`DELETE FROM pathways WHERE id = ANY($1)`, [[shared, alone]]);
  });

  it('counts each figure of pathways built for it, in total, per orthophoniste and per month', async () => {
    const onTime = bilanReceived(row(100), 20, { mss: { messageId: '<a@x>' } });
    onTime.mssDispatches[0].sentAt = sentAfter(onTime, 22);
    const late = bilanReceived(
      row(100, { bilanInitialReminders: 3, bilanInitialEscalatedAt: daysAgo(60) }),
      50,
      {
        mss: { status: 'skipped', skipReason: 'no_mss_address' },
        dmp: { bilanInitialDmpStatus: 'skipped', bilanInitialDmpSkipReason: 'no_dmp' },
      },
    );
    const refused = bilanReceived(row(100), 10, {
      mss: { status: 'skipped', skipReason: 'address_refused' },
      dmp: { bilanInitialDmpStatus: 'waiting', bilanInitialDmpWaitingFor: 'authorization' },
    });
    // Missing: due 40 and 10 days ago (overdue), and due in 20 days (not yet).
    const missing40 = row(70, { bilanInitialReminders: 4, bilanInitialEscalatedAt: daysAgo(20) });
    const missing10 = row(40, { bilanInitialReminders: 1, practitionerId: second.id });
    const notYet = row(10, { practitionerId: second.id });
    const abandoned = row(70, {
      status: 'abandoned',
      step: 'closed',
      closedAt: daysAgo(50),
      abandonReason: 'déménagement',
      medecinTraitant: { declared: false },
    });
    // Completed: care ended 80 days ago, compte-rendu 10 days after it; another one late and missing.
    const completed = {
      ...bilanReceived(row(130), 25, { mss: { messageId: '<b@x>' } }),
      status: 'completed' as const,
      step: 'closed' as const,
      careEndedOn: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(
        daysAgo(80),
      ),
      compteRenduDueAt: daysAgo(50),
      compteRenduReceivedAt: daysAgo(70),
      compteRenduDmpStatus: 'filed' as const,
      closedAt: daysAgo(70),
    };
    completed.mssDispatches[0].sentAt = sentAfter(completed, 29);
    const crOverdue = {
      ...bilanReceived(row(100), 5, { mss: { messageId: '<c@x>' } }),
      step: 'compte_rendu' as const,
      careEndedOn: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(
        daysAgo(35),
      ),
      compteRenduDueAt: daysAgo(5),
      compteRenduReminders: 1,
    };
    crOverdue.mssDispatches[0].sentAt = sentAfter(crOverdue, 6);
    Object.assign(built, {
      onTime,
      late,
      refused,
      missing40,
      missing10,
      notYet,
      abandoned,
      completed,
      crOverdue,
    });
    await write(Object.values(built));

    const answer = await indicators();
    const f = answer.figures;
    expect(f.pathways).toEqual({ opened: 9, active: 7, completed: 1, abandoned: 1 });
    expect(f.patientsWithoutMedecinTraitant).toBe(1);
    expect(f.duties.bilanInitial).toEqual({
      owed: 9,
      receivedOnTime: 4,
      receivedLate: 1,
      missingOverdue: 2,
      missingNotYetDue: 1,
      daysOverdue: { total: 50, max: 40, median: 10 },
      remindersSent: 8,
      escalations: 2,
    });
    expect(f.duties.compteRendu).toEqual({
      owed: 2,
      receivedOnTime: 1,
      receivedLate: 0,
      missingOverdue: 1,
      missingNotYetDue: 0,
      daysOverdue: { total: 5, max: 5, median: 5 },
      remindersSent: 1,
      escalations: 0,
    });
    expect(f.sharing.bilanInitial.mss).toEqual({
      sent: 3,
      delivered: 0,
      read: 0,
      pending: 0,
      skipped: { no_medecin_traitant: 0, no_mss_address: 1, address_refused: 1 },
    });
    expect(f.sharing.bilanInitial.dmp).toEqual({
      filed: 3,
      waiting: 1,
      toFile: 0,
      skipped: { consent_refused: 0, no_dmp: 1, pathway_abandoned: 0 },
    });
    // Opening → bilan: 5, 10, 20, 25, 50 days; to the médecin traitant: 1, 2, 4 days; end of care → CR: 10.
    expect(f.delays.openingToBilanInitial).toEqual({ count: 5, medianDays: 20, p90Days: 40 });
    expect(f.delays.bilanInitialToMedecinTraitant).toEqual({
      count: 3,
      medianDays: 2,
      p90Days: 3.6,
    });
    expect(f.delays.endOfCareToCompteRendu.count).toBe(1);
    expect(f.delays.endOfCareToCompteRendu.medianDays).toBeGreaterThan(9);
    expect(f.delays.endOfCareToCompteRendu.medianDays).toBeLessThan(11);

    // Per orthophoniste: the second one has the two youngest missing bilans.
    const byPractitioner = new Map(
      answer.byOrthophoniste!.map((o) => [o.practitioner.id, o.figures]),
    );
    expect(byPractitioner.get(second.id)!.pathways.opened).toBe(2);
    expect(byPractitioner.get(second.id)!.duties.bilanInitial).toMatchObject({
      missingOverdue: 1,
      missingNotYetDue: 1,
      remindersSent: 1,
    });
    expect(byPractitioner.get(refs.practitionerId)!.pathways.opened).toBe(7);
    const sum = (pick: (f: IndicatorFigures) => number) =>
      answer.byOrthophoniste!.reduce((total, o) => total + pick(o.figures), 0);
    expect(sum((x) => x.duties.bilanInitial.receivedOnTime)).toBe(
      f.duties.bilanInitial.receivedOnTime,
    );

    // Per month: 12 months plus the current one's start, each opening counted in its own month.
    const month = (d: Date) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d).slice(0, 7);
    const monthly = new Map(answer.monthly.map((m) => [m.month, m.figures.pathways.opened]));
    expect(answer.monthly.length).toBeGreaterThanOrEqual(12);
    const expected = new Map<string, number>();
    for (const r of Object.values(built))
      expected.set(month(r.openedAt), (expected.get(month(r.openedAt)) ?? 0) + 1);
    for (const [m, n] of expected) expect(monthly.get(m)).toBe(n);
    expect(answer.monthly.reduce((t, m) => t + m.figures.pathways.opened, 0)).toBe(9);
    expect(answer.quarterly.reduce((t, q) => t + q.figures.pathways.opened, 0)).toBe(9);

    // A period that leaves the oldest out (opened 130 days ago) counts 8.
    const from = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(
      daysAgo(120),
    );
    expect((await indicators(`?from=${from}`)).figures.pathways.opened).toBe(8);
  });

  it('lists the overdue duties most overdue first, with the orthophoniste, reminders and escalation, filtered and paged', async () => {
    const worklist = async (query = '') =>
      (await as(coordinator).get(`/cpts/${refs.cptsId}/worklist${query}`).expect(200)).body as {
        items: {
          pathwayId: string;
          duty: string;
          daysOverdue: number;
          remindersSent: number;
          lastEscalatedAt: string | null;
          practitioner: { id: string; familyName: string };
        }[];
        total: number;
        practitionersWithoutBillingNumber: { id: string }[];
      };
    const all = await worklist();
    expect(all.items.map((i) => [i.pathwayId, i.duty, i.daysOverdue])).toEqual([
      [built.missing40.id, 'bilan_initial', 40],
      [built.missing10.id, 'bilan_initial', 10],
      [built.crOverdue.id, 'compte_rendu', 5],
    ]);
    expect(all.total).toBe(3);
    expect(all.items[0]).toMatchObject({
      remindersSent: 4,
      practitioner: { id: refs.practitionerId },
    });
    expect(all.items[0].lastEscalatedAt).toBe(
      built.missing40.bilanInitialEscalatedAt!.toISOString(),
    );
    expect(all.items[1].practitioner.familyName).toBe('AUBERT');
    expect((await worklist('?duty=compte_rendu')).items.map((i) => i.pathwayId)).toEqual([
      built.crOverdue.id,
    ]);
    expect((await worklist(`?practitionerId=${second.id}`)).items.map((i) => i.pathwayId)).toEqual([
      built.missing10.id,
    ]);
    const page2 = await worklist('?page=2&pageSize=2');
    expect(page2.items.map((i) => i.pathwayId)).toEqual([built.crOverdue.id]);
    expect(page2.total).toBe(3);
    // The seeded orthophoniste has no billing number on record; AUBERT has one.
    expect(all.practitionersWithoutBillingNumber.map((p) => p.id)).toEqual([refs.practitionerId]);
    // No patient data in it.
    expect(JSON.stringify(all)).not.toMatch(/PAT-TROIS|279035121518989|patientId/);
  });

  it('shows each CPTS to its coordinators, every CPTS to administrators, and nothing to anyone else', async () => {
    const other = await seedReferences(engine.dataSource);
    const otherCoordinator = await coordinatorSession(engine.dataSource, other.cptsId);
    const admin = await administratorSession(engine.dataSource);
    for (const session of [otherCoordinator, refs.session]) {
      await as(session).get(`/cpts/${refs.cptsId}/indicators`).expect(404);
      await as(session).get(`/cpts/${refs.cptsId}/worklist`).expect(404);
      await as(session).get('/indicators').expect(403);
    }
    await as(admin).get(`/cpts/${refs.cptsId}/worklist`).expect(404);
    expect(
      (await as(admin).get(`/cpts/${refs.cptsId}/indicators`).expect(200)).body.figures.pathways
        .opened,
    ).toBe(9);
    const all = (await as(admin).get('/indicators').expect(200)).body as Indicators;
    const mine = all.byCpts!.find((c) => c.cpts.id === refs.cptsId)!;
    expect(mine.figures.pathways.opened).toBe(9);
    expect(all.figures.pathways.opened).toBe(
      all.byCpts!.reduce((t, c) => t + c.figures.pathways.opened, 0),
    );
    expect(JSON.stringify(all)).not.toContain(refs.practitionerId);
    await as(admin).get(`/cpts/${randomUUID()}/indicators`).expect(404);
  });

  it('refuses a bad period or filter with the field named', async () => {
    const problem = async (path: string) => {
      const answer = await as(coordinator).get(path).expect(400);
      return (answer.body.problems as { field: string }[]).map((p) => p.field);
    };
    const base = `/cpts/${refs.cptsId}`;
    expect(await problem(`${base}/indicators?from=2026-05-02&to=2026-05-01`)).toEqual(['from']);
    expect(await problem(`${base}/indicators?from=2019-01-01&to=2025-12-31`)).toEqual(['from']);
    expect(await problem(`${base}/indicators?to=2026-13-01`)).toEqual(['to']);
    expect(await problem(`${base}/worklist?duty=ordonnance`)).toEqual(['duty']);
    expect(await problem(`${base}/worklist?practitionerId=nope`)).toEqual(['practitionerId']);
  });
});
