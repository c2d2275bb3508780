import { randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { type DmpEndpoints, type DmpPatient, OTHER_AUTHORS, nirKey } from '@app/dmp';
import { Directory, NotificationStore } from '@app/persistence';
import { dmpAlertsWorkflowId, lookNowSignal } from '../../workflows/dmp-alerts/definitions';
import { MaildirStore } from '../../libs/mss/sandbox/maildir';
import {
  TestEngine,
  coordinatorSession,
  dmpSandboxAdmin,
  httpAs,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestEngine,
  startTestWorker,
  testMssSandbox,
  testRuntime,
  today,
  waitFor,
  waitForView,
  type TestReferences,
} from '../support/harness';
import { TcpProxy } from '../support/tcp-proxy';

/** A mailbox of the run's operator sandbox, standing for the practitioner's alert address. */
const ALERT_ADDRESS = 'claire.martin@medecin.sandbox.mssante.fr';
const TEST_NIR_OID = '1.2.250.1.213.1.4.10';

/** A patient of their own (a fresh test INS): documents other test files file never reach them. */
function freshPatient(): DmpPatient {
  const body = `2${String(randomInt(50, 99))}0${randomInt(1, 9)}75${String(randomInt(100, 999))}${String(randomInt(100, 999))}`;
  return {
    ins: { matricule: `${body}${nirKey(body)}`, oid: TEST_NIR_OID },
    birthFamilyName: 'ALERTE-TEST',
    firstNames: ['CAMILLE'],
    birthDate: '19850101',
    sex: 'F',
  };
}

function through(endpoints: DmpEndpoints, proxy: TcpProxy): DmpEndpoints {
  const moved = (url: string) => {
    const u = new URL(url);
    u.port = String(proxy.port);
    return u.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  };
  return {
    repositoryUrl: moved(endpoints.repositoryUrl),
    registryUrl: moved(endpoints.registryUrl),
    transactionsUrl: moved(endpoints.transactionsUrl),
    webPortalUrl: moved(endpoints.webPortalUrl),
  };
}

/**
 * Alerts on new DMP documents ("les alertes à configurer pour les nouveaux
 * ajouts de documents"): Temporal work that looks at watched patients' DMPs,
 * alerts once per document by another author — not for the engine's own
 * filings, not again at the next look, not twice across a worker restart —
 * and, the DMP away, alerts later without losing any.
 */
describe('alerts on new DMP documents', () => {
  let engine: TestEngine;
  let proxy: TcpProxy;
  let refs: TestReferences;
  let patient: DmpPatient;
  let pathwayId: string;
  const mailbox = () => new MaildirStore(join(testMssSandbox().maildirs, 'mail'));

  beforeAll(async () => {
    const base = testRuntime();
    const sandbox = new URL(base.dmp.endpoints.registryUrl);
    proxy = await TcpProxy.start({ host: sandbox.hostname, port: Number(sandbox.port) });
    engine = await startTestEngine({
      dmp: { ...base.dmp, endpoints: through(base.dmp.endpoints, proxy) },
      // Rounds come when the test asks (lookNow); the pause is long enough never to interfere.
      dmpAlerts: { everyMs: 3_600_000 },
    });
    refs = await seedReferences(engine.dataSource);
    patient = freshPatient();
    const row = await new Directory(engine.dataSource).patient(refs.patientId);
    await new Directory(engine.dataSource).savePatients([
      { ...row!, insMatricule: patient.ins.matricule, birthFamilyName: patient.birthFamilyName },
    ]);
    const admin = await dmpSandboxAdmin();
    try {
      await admin.registerPatient(patient.ins, { hasDmp: true });
      const lastMonth = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      await admin.setAuthorization(patient.ins, refs.rpps, lastMonth);
      // Already there before alerts are turned on: the baseline, never alerted.
      await admin.addDocument(otherAuthors('Compte rendu ancien'));
    } finally {
      await admin.close();
    }
    pathwayId = (await engine.http().post('/pathways').send(openingBody(refs)).expect(201)).body
      .id as string;
  });

  afterAll(async () => {
    await engine?.close();
    await proxy?.cut();
  });

  function otherAuthors(title: string) {
    return {
      patient,
      author: OTHER_AUTHORS.medecinGeneraliste,
      typeCode: '11488-4',
      title,
      text: `Contenu confidentiel ${randomUUID()}`,
    };
  }

  async function addDocument(title: string) {
    const admin = await dmpSandboxAdmin();
    try {
      const input = otherAuthors(title);
      return { ...(await admin.addDocument(input)), text: input.text };
    } finally {
      await admin.close();
    }
  }

  async function lastLook(): Promise<number> {
    const [row] = await engine.dataSource.query<{ at: Date; problem: string | null }[]>(
      `SELECT last_look_at AS at, last_problem AS problem FROM dmp_alert_watches
        WHERE practitioner_id = $1 AND patient_id = $2`,
      [refs.practitionerId, refs.patientId],
    );
    return row ? row.at.getTime() : 0;
  }

  /** Asks for a round now and waits until it has looked at this patient's DMP. */
  async function lookNow(client = engine.client): Promise<void> {
    const before = await lastLook();
    await client.workflow
      .getHandle(dmpAlertsWorkflowId(engine.runtime.temporal.taskQueue))
      .signal(lookNowSignal);
    await waitFor('a look at the DMP', async () => (await lastLook()) > before || undefined);
  }

  async function alerts() {
    const list = await new NotificationStore(engine.dataSource).list(
      { pathwayId },
      { page: 1, pageSize: 50 },
    );
    return list.items.filter((n) => n.kind === 'alert');
  }

  it('alerts once per new document by another author, never for its own filing, and keeps to it across a worker restart', async () => {
    const settings = await engine
      .http()
      .put(`/practitioners/${refs.practitionerId}/dmp-alerts`)
      .send({ enabled: true, address: ALERT_ADDRESS })
      .expect(200);
    expect(settings.body).toMatchObject({ enabled: true, address: ALERT_ADDRESS });
    // Turning alerts on wakes the workflow: the first look is the baseline.
    await waitFor('the baseline look', async () => (await lastLook()) > 0 || undefined);
    expect(await alerts()).toEqual([]);

    const added = await addDocument('Compte rendu de consultation');
    await lookNow();
    const [alert] = await waitFor('the alert', async () => {
      const found = await alerts();
      return found.length > 0 ? found : undefined;
    });
    expect(alert).toMatchObject({
      topic: 'dmp_new_document',
      recipientKind: 'practitioner',
      recipientId: refs.practitionerId,
      deliveryStatus: 'sent',
      detail: expect.objectContaining({
        dmpUniqueId: added.uniqueId,
        author: expect.stringContaining('FOURNIER-TEST'),
        documentDate: today(),
      }),
    });
    // One MSSanté message, saying type, date and author: never the content.
    const mails = (await mailbox().list(ALERT_ADDRESS, 'INBOX')).filter(
      (m) => m.messageId === alert.mssMessageId,
    );
    expect(mails).toHaveLength(1);
    const raw = mails[0].raw.toString('utf8');
    expect(mails[0].subject).toContain(pathwayId);
    expect(raw).not.toContain(added.text);
    // The practitioner sees it among their notifications; the CPTS's coordinator, who follows the pathway, does not.
    const own = await engine
      .http()
      .get(`/notifications?pathwayId=${pathwayId}&kind=alert`)
      .expect(200);
    expect(own.body.items).toHaveLength(1);
    const coordinator = await coordinatorSession(engine.dataSource, refs.cptsId);
    const followed = await httpAs(engine, coordinator)()
      .get(`/notifications?pathwayId=${pathwayId}`)
      .expect(200);
    expect(followed.body.items.some((n: { kind: string }) => n.kind === 'alert')).toBe(false);

    // The engine's own filing is no news; the next look finds nothing new either.
    await engine
      .http()
      .post(`/pathways/${pathwayId}/bilan-initial`)
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field('title', 'Bilan orthophonique initial')
      .field('documentDate', today())
      .expect(200);
    await waitForView(
      engine,
      pathwayId,
      'the bilan filed',
      (v: { bilanInitial: { dmp: { status: string } | null } }) =>
        v.bilanInitial.dmp?.status === 'filed',
    );
    await lookNow();
    await lookNow();
    expect((await alerts()).map((a) => a.detail?.dmpUniqueId)).toEqual([added.uniqueId]);

    // The worker dies; a document arrives meanwhile; a new worker alerts it, once.
    await engine.worker.close();
    const meanwhile = await addDocument('Résultats de biologie');
    const worker: INestApplicationContext = await startTestWorker(engine.runtime);
    engine.worker = worker;
    await lookNow();
    await lookNow();
    const after = await alerts();
    expect(after.map((a) => a.detail?.dmpUniqueId).sort()).toEqual(
      [added.uniqueId, meanwhile.uniqueId].sort(),
    );
    const sent = (await mailbox().list(ALERT_ADDRESS, 'INBOX')).filter((m) =>
      after.some((a) => a.mssMessageId === m.messageId),
    );
    expect(sent).toHaveLength(2);
  });

  it('delays alerts while the DMP is unreachable, and loses none', async () => {
    await proxy.cut();
    const added = await addDocument('Compte rendu pendant la panne');
    const before = await alerts();
    await lookNow();
    const [watch] = await engine.dataSource.query<{ problem: string | null }[]>(
      `SELECT last_problem AS problem FROM dmp_alert_watches WHERE practitioner_id = $1 AND patient_id = $2`,
      [refs.practitionerId, refs.patientId],
    );
    expect(watch.problem).toMatch(/UNAVAILABLE/);
    expect(await alerts()).toHaveLength(before.length);

    await proxy.restore();
    await lookNow();
    const after = await waitFor('the alert after the outage', async () => {
      const found = await alerts();
      return found.length > before.length ? found : undefined;
    });
    expect(after.filter((a) => a.detail?.dmpUniqueId === added.uniqueId)).toHaveLength(1);
  });
});
