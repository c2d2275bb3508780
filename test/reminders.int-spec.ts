import { NotificationRow, NotificationStore } from '@app/persistence';
import { pathwayStateQuery } from '@app/workflows';
import {
  TestReferences,
  openingBody,
  pdfBytes,
  TestEngine,
  seedReferences,
  startTestEngine,
  today,
  waitFor,
  waitForView,
} from './support/harness';

/**
 * Lateness on the real server: the policy's durations are ISO-8601, so the
 * test's CPTS says PT2S where a real one says P30D. Nothing here sleeps; every
 * wait is for an observable outcome.
 */
describe('reminders and escalation of a late document', () => {
  const policy = {
    bilanInitialDueAfter: 'PT2S',
    compteRenduDueAfter: 'PT2S',
    reminderEvery: 'PT2S',
    escalateAfterReminders: 2,
  };
  let engine: TestEngine;
  let refs: TestReferences;

  beforeAll(async () => {
    engine = await startTestEngine();
  });

  beforeEach(async () => {
    refs = await seedReferences(engine.dataSource, policy);
  });

  afterAll(async () => {
    await engine?.close();
  });

  const http = () => engine.http();
  const notificationsOf = async (pathwayId: string): Promise<NotificationRow[]> =>
    (
      await new NotificationStore(engine.dataSource).list({ pathwayId }, { page: 1, pageSize: 100 })
    ).items.reverse();

  it('reminds the practitioner twice, then alerts the coordinator, and stops when the bilan arrives', async () => {
    const id = (await http().post('/pathways').send(openingBody(refs)).expect(201)).body
      .id as string;
    const due = Date.parse((await http().get(`/pathways/${id}`)).body.bilanInitial.dueAt as string);

    const notifications = await waitFor('two reminders and an escalation', async () => {
      const rows = await notificationsOf(id);
      return rows.length >= 3 ? rows : undefined;
    });
    expect(notifications.slice(0, 3).map((n) => [n.kind, n.recipientKind, n.count])).toEqual([
      ['reminder', 'practitioner', 1],
      ['reminder', 'practitioner', 2],
      ['escalation', 'coordinator', 2],
    ]);
    expect(notifications[0].recipientId).toBe(refs.practitionerId);
    expect(notifications[2].recipientId).toBe(refs.cptsId);
    // On the policy's ladder: at the due date, then one cadence (2 s) apart.
    const times = notifications.slice(0, 3).map((n) => n.createdAt.getTime());
    expect(times[0]).toBeGreaterThanOrEqual(due);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(2_000);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(2_000);

    // The coordinator's list of what is late shows it, from the read model and from Temporal's own list view.
    const late = await http()
      .get('/pathways')
      .query({ cptsId: refs.cptsId, overdue: true })
      .expect(200);
    expect(late.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
    await waitFor('Temporal visibility to list the pathway as overdue', async () => {
      const found: string[] = [];
      for await (const wf of engine.client.workflow.list({
        query: `CptsId = "${refs.cptsId}" AND PathwayOverdue = true`,
      })) {
        found.push(wf.workflowId);
      }
      return found.includes(id);
    });

    const view = (
      await http()
        .post(`/pathways/${id}/bilan-initial`)
        .attach('file', pdfBytes(), 'bilan.pdf')
        .field('title', 'Bilan')
        .field('documentDate', today())
    ).body;
    expect(view).toMatchObject({ step: 'care', overdue: false });
    expect(view.bilanInitial.escalatedAt).not.toBeNull();

    // The pending reminder timer was cancelled by the document, not left to fire.
    const handle = engine.client.workflow.getHandle(id);
    const history = await handle.fetchHistory();
    const received = history.events!.findIndex(
      (e) =>
        e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ===
        'depositDocument',
    );
    expect(received).toBeGreaterThan(0);
    expect(history.events!.slice(received).some((e) => e.timerCanceledEventAttributes)).toBe(true);
    const state = await handle.query(pathwayStateQuery);
    expect(state.bilanInitial.remindersSent).toBe(
      (await notificationsOf(id)).filter((n) => n.kind === 'reminder').length,
    );
    expect(state.step).toBe('care');
    await waitFor('Temporal visibility to drop the overdue flag', async () => {
      for await (const wf of engine.client.workflow.list({
        query: `CptsId = "${refs.cptsId}" AND PathwayOverdue = false`,
      })) {
        if (wf.workflowId === id) return true;
      }
      return false;
    });
  });

  it('runs the same ladder for the compte-rendu after the end of care', async () => {
    const id = (await http().post('/pathways').send(openingBody(refs)).expect(201)).body
      .id as string;
    await http()
      .post(`/pathways/${id}/bilan-initial`)
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field('title', 'Bilan')
      .field('documentDate', today())
      .expect(200);
    await http().post(`/pathways/${id}/end-of-care`).send({}).expect(200);

    const reminder = await waitFor('a compte-rendu reminder', async () =>
      (await notificationsOf(id)).find((n) => n.documentKind === 'compte_rendu'),
    );
    expect(reminder).toMatchObject({ kind: 'reminder', count: 1, recipientKind: 'practitioner' });

    const closed = await http()
      .post(`/pathways/${id}/compte-rendu`)
      .attach('file', pdfBytes(), 'cr.pdf')
      .field('title', 'Compte-rendu')
      .field('documentDate', today())
      .expect(200);
    expect(closed.body).toMatchObject({ overdue: false });
    await waitForView(
      engine,
      id,
      'the sending, the filing and the closing',
      (v: { status: string }) => v.status === 'completed',
    );
    expect(await engine.client.workflow.getHandle(id).result()).toMatchObject({
      status: 'completed',
    });
  });

  it('lists notifications for a recipient through the API', async () => {
    const id = (await http().post('/pathways').send(openingBody(refs)).expect(201)).body
      .id as string;
    await waitFor('a reminder', async () => (await notificationsOf(id)).length > 0);
    const forPractitioner = await http()
      .get('/notifications')
      .query({ recipientKind: 'practitioner', recipientId: refs.practitionerId })
      .expect(200);
    expect(forPractitioner.body.items[0]).toMatchObject({
      pathwayId: id,
      kind: 'reminder',
      documentKind: 'bilan_initial',
    });
    await http().post(`/pathways/${id}/abandon`).send({ reason: 'fin du test' }).expect(200);
  });
});
