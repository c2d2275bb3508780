import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { MaildirStore } from '../libs/mss/sandbox/maildir';
import { AuditLog, Directory, SituationStore } from '@app/persistence';
import { SituationRemindersService } from '../apps/worker/situation-reminders.service';
import {
  TestEngine,
  TestReferences,
  administratorSession,
  coordinatorSession,
  httpAs,
  openingBody,
  seedReferences,
  startTestEngine,
  testMssSandbox,
  today,
} from './support/harness';

interface Problem {
  field: string;
  problem: string;
}

/**
 * Accès direct is open only to a practitioner whose situation of exercise is
 * valid today and in a coordinated setting; anyone else is told why, and a
 * renewal or the CPTS's projet de santé unblocks them.
 */
describe('situation of exercise and accès-direct eligibility', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
  });

  afterAll(async () => {
    await engine?.close();
  });

  const http = () => engine.http();
  const declare = (refs: TestReferences, body: Record<string, unknown>) =>
    http().put(`/practitioners/${refs.practitionerId}/situation-exercice`).send(body);
  const cabinet = (refs: TestReferences, period: { from: string; to: string }) => ({
    structure: { kind: 'cabinet', name: 'Cabinet de test' },
    cadre: 'ambulatoire',
    salarie: false,
    cptsId: refs.cptsId,
    period,
  });
  const threeYearsFromToday = () => {
    const from = today();
    const to = new Date(`${from}T12:00:00Z`);
    to.setUTCFullYear(to.getUTCFullYear() + 3);
    to.setUTCDate(to.getUTCDate() - 1);
    return { from, to: to.toISOString().slice(0, 10) };
  };

  it("refuses a cabinet whose CPTS's projet de santé does not provide for accès direct, until it does", async () => {
    const refs = await seedReferences(engine.dataSource);
    await declare(refs, cabinet(refs, threeYearsFromToday())).expect(200);

    const refused = await http().post('/pathways').send(openingBody(refs)).expect(403);
    expect(refused.body.message).toMatch(/projet de santé de la CPTS test .* ne prévoit pas/);
    expect((refused.body.problems as Problem[]).map((p) => p.field)).toEqual(['practitionerId']);
    const listed = await http().get(`/pathways?practitionerId=${refs.practitionerId}`).expect(200);
    expect(listed.body.items).toEqual([]);

    // Only its coordinators (or an administrator) change a CPTS.
    await http().patch(`/cpts/${refs.cptsId}`).send({ projetDeSanteAccesDirect: true }).expect(403);
    const coordinator = httpAs(engine, await coordinatorSession(engine.dataSource, refs.cptsId));
    const cpts = await coordinator()
      .patch(`/cpts/${refs.cptsId}`)
      .send({ projetDeSanteAccesDirect: true })
      .expect(200);
    expect(cpts.body.projetDeSanteAccesDirect).toBe(true);
    await http().post('/pathways').send(openingBody(refs)).expect(201);
  });

  it('blocks after the period ends, says when it ended, and opens again once renewed', async () => {
    const refs = await seedReferences(engine.dataSource);
    const expired = {
      structure: { kind: 'msp', name: 'MSP de test' },
      cadre: 'ambulatoire',
      salarie: false,
      period: { from: '2022-01-01', to: '2024-12-31' },
    };
    const declared = await declare(refs, expired).expect(200);
    expect(declared.body.validity).toEqual({ state: 'expired', endedOn: '2024-12-31' });
    expect(declared.body.blockingReason).toMatch(/a pris fin le 31\/12\/2024/);

    const refused = await http().post('/pathways').send(openingBody(refs)).expect(403);
    expect(refused.body.message).toBe(
      "Votre situation d'exercice a pris fin le 31/12/2024 : renouvelez-la pour continuer.",
    );

    await declare(refs, { ...expired, period: threeYearsFromToday() }).expect(200);
    const current = await http()
      .get(`/practitioners/${refs.practitionerId}/situation-exercice`)
      .expect(200);
    expect(current.body.validity.state).toBe('valid');
    await http().post('/pathways').send(openingBody(refs)).expect(201);

    // Every declaration is in the practitioner's audit stream, the expired one included.
    const audit = await new AuditLog(engine.dataSource).stream(
      `practitioner:${refs.practitionerId}`,
    );
    expect(audit.map((e) => e.type)).toEqual([
      'situation_exercice_declared',
      'situation_exercice_declared',
      'situation_exercice_declared',
    ]);
  });

  it('refuses a period longer than three years, naming the field, and keeps the situation in force', async () => {
    const refs = await seedReferences(engine.dataSource);
    const before = await http()
      .get(`/practitioners/${refs.practitionerId}/situation-exercice`)
      .expect(200);
    const refused = await declare(
      refs,
      cabinet(refs, { from: '2026-01-01', to: '2029-01-01' }),
    ).expect(400);
    expect(refused.body.problems).toEqual([
      {
        field: 'period.to',
        problem: 'a situation of exercise lasts 3 years at most (last day 2028-12-31)',
      },
    ]);
    const malformed = await declare(refs, {
      structure: { kind: 'clinique', name: '' },
      cadre: 'ambulatoire',
      salarie: 'oui',
      period: { from: '2026-13-01', to: '2026-12-31' },
    }).expect(400);
    expect((malformed.body.problems as Problem[]).map((p) => p.field).sort()).toEqual([
      'period.from',
      'salarie',
      'structure.kind',
      'structure.name',
    ]);
    const after = await http()
      .get(`/practitioners/${refs.practitionerId}/situation-exercice`)
      .expect(200);
    expect(after.body).toEqual(before.body);
  });

  it("checks a coordinator's MSSanté address before saving it", async () => {
    const refs = await seedReferences(engine.dataSource);
    const coordinator = httpAs(engine, await coordinatorSession(engine.dataSource, refs.cptsId));
    const refused = await coordinator()
      .patch(`/cpts/${refs.cptsId}`)
      .send({ coordinatorMssAddress: 'coordination@gmail.com' })
      .expect(400);
    expect((refused.body.problems as Problem[])[0].field).toBe('coordinatorMssAddress');
    const saved = await coordinator()
      .patch(`/cpts/${refs.cptsId}`)
      .send({ coordinatorMssAddress: 'Coordination@cpts-test.mssante.fr' })
      .expect(200);
    expect(saved.body.coordinatorMssAddress).toBe('Coordination@cpts-test.mssante.fr');
    await coordinator()
      .patch(`/cpts/${refs.cptsId}`)
      .send({ coordinatorMssAddress: null })
      .expect(200);
    const administrator = httpAs(engine, await administratorSession(engine.dataSource));
    await administrator()
      .patch('/cpts/00000000-0000-4000-8000-000000000000')
      .send({ projetDeSanteAccesDirect: true })
      .expect(404);
  });

  it('reminds a practitioner once by MSSanté before the period ends, and shows it at login', async () => {
    const refs = await seedReferences(engine.dataSource);
    // A mailbox of the operator sandbox; the structure's name tells this test's message apart.
    const address = 'claire.martin@medecin.sandbox.mssante.fr';
    const structureName = `MSP des Tilleuls ${randomUUID().slice(0, 8)}`;
    const directory = new Directory(engine.dataSource);
    const practitioner = await directory.practitioner(refs.practitionerId);
    await directory.savePractitioners([{ ...practitioner!, mssAddress: address }]);
    const endsOn = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await new SituationStore(engine.dataSource).declare(
      refs.practitionerId,
      {
        structure: { kind: 'msp', name: structureName, idNat: '312345678900017' },
        cadre: 'ambulatoire',
        salarie: false,
        cptsId: refs.cptsId,
        period: { from: today(), to: endsOn },
      },
      { kind: 'system', id: 'test' },
    );
    const me = await http().get('/auth/me').expect(200);
    expect(me.body.situationExercice.validity).toMatchObject({ state: 'expiring', until: endsOn });

    const reminders = engine.worker.get(SituationRemindersService);
    expect(await reminders.remindOnce()).toBeGreaterThanOrEqual(1);
    // Once per period: the next rounds send nothing more to this practitioner.
    await reminders.remindOnce();
    const inbox = (
      await new MaildirStore(join(testMssSandbox().maildirs, 'mail')).list(address)
    ).filter((m) => m.raw.toString('utf8').includes(structureName));
    expect(inbox.map((m) => m.subject)).toEqual([
      expect.stringMatching(/votre situation d'exercice prend fin le/),
    ]);
    const audit = await new AuditLog(engine.dataSource).stream(
      `practitioner:${refs.practitionerId}`,
    );
    expect(audit.filter((e) => e.type === 'situation_exercice_reminded')).toHaveLength(1);
  });

  it("lets a CPTS's coordinator change its delays (checked, audited, for new pathways) and its members", async () => {
    const refs = await seedReferences(engine.dataSource);
    const coordinator = httpAs(engine, await coordinatorSession(engine.dataSource, refs.cptsId));
    const refused = await coordinator()
      .patch(`/cpts/${refs.cptsId}`)
      .send({ bilanInitialDueAfter: 'thirty days', escalateAfterReminders: 99 })
      .expect(400);
    expect((refused.body.problems as Problem[]).map((p) => p.field).sort()).toEqual([
      'bilanInitialDueAfter',
      'escalateAfterReminders',
    ]);
    const changed = await coordinator()
      .patch(`/cpts/${refs.cptsId}`)
      .send({ bilanInitialDueAfter: 'P21D', reminderEvery: 'P3D' })
      .expect(200);
    expect(changed.body).toMatchObject({ bilanInitialDueAfter: 'P21D', reminderEvery: 'P3D' });
    const opened = await http().post('/pathways').send(openingBody(refs)).expect(201);
    expect(opened.body.policy).toMatchObject({
      bilanInitialDueAfter: 'P21D',
      reminderEvery: 'P3D',
    });

    // Leaving the CPTS: the practitioner is no longer its member.
    await coordinator().delete(`/cpts/${refs.cptsId}/members/${refs.practitionerId}`).expect(204);
    await coordinator().delete(`/cpts/${refs.cptsId}/members/${refs.practitionerId}`).expect(404);
    await coordinator().put(`/cpts/${refs.cptsId}/members/${refs.practitionerId}`).expect(200);

    const audit = await new AuditLog(engine.dataSource).stream(`cpts:${refs.cptsId}`);
    expect(audit.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'coordinator_granted',
        'cpts_settings_changed',
        'member_removed',
        'member_added',
      ]),
    );
    expect(audit.find((e) => e.type === 'cpts_settings_changed')?.payload).toEqual({
      bilanInitialDueAfter: 'P21D',
      reminderEvery: 'P3D',
    });
  });
});
