import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { freePort } from '@app/config';
import { AuditLog, Directory, type PractitionerRow } from '@app/persistence';
import {
  administratorSession,
  browserAgent,
  sessionOf,
  startTestApi,
  testDataSource,
  testRuntime,
  testSessionCookie,
} from './support/harness';

/**
 * Orthophonistes of the Annuaire Santé sandbox (libs/mss/directory/sandbox/
 * practitioners.ts) kept for this file: the engine keeps one practitioner per
 * RPPS, and other test files share the database.
 */
const ANNE = { rpps: '99700000101', address: 'anne.roussel@ortho.sandbox.mssante.fr' };
const JULIEN = {
  rpps: '99700000112',
  personal: 'julien.faure@ortho.sandbox.mssante.fr',
  msp: 'orthophonie@msp-coteaux.sandbox.mssante.fr',
};
const INES = '99700000123';
const MARC = '99700000134';
const LUCIE = '99700000145';
const PAUL = '99700000156';
const EMMA = '99700000167';
const LOUIS = { rpps: '99700000178', cabinet: 'cabinet.fontaine@ortho.sandbox.mssante.fr' };
const CHLOE_CLOSED = '99700000189';
/** Médecins of the sandbox: not orthophonistes. */
const CLAIRE_MARTIN = '99700000011';
const PAUL_DURAND = '99700000022';
const UNKNOWN = '99799999999';

interface Problem {
  field: string;
  problem: string;
}

const fields = (body: { problems: Problem[] }) => body.problems.map((p) => p.field).sort();

/**
 * A CPTS onboarded through the API: created by an administrator, its
 * practitioners registered by RPPS from the Annuaire Santé sandbox one by
 * one and by roster, re-read from it, given their billing numbers. Every
 * refusal names its field and leaves the practitioners and the audit log as
 * they were.
 */
describe('onboarding a CPTS by RPPS', () => {
  let api: INestApplication;
  let dataSource: DataSource;
  let admin: string;
  const cpts: Record<'a' | 'b', { id: string; coordinator: string }> = {
    a: { id: '', coordinator: '' },
    b: { id: '', coordinator: '' },
  };

  beforeAll(async () => {
    api = await startTestApi(testRuntime());
    dataSource = await testDataSource();
    admin = await administratorSession(dataSource);
    for (const key of ['a', 'b'] as const) {
      const created = await as(admin)
        .post('/cpts')
        .send({
          name: `CPTS onboarding ${key}`,
          identifier: `ONB-${key}-${randomUUID().slice(0, 8)}`,
        })
        .expect(201);
      const coordinator = `8${String(10_000_000_000 + Math.floor(Math.random() * 9e9))}`;
      await as(admin).put(`/cpts/${created.body.id}/coordinators/${coordinator}`).expect(200);
      cpts[key] = { id: created.body.id, coordinator: await sessionOf(dataSource, coordinator) };
    }
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
  });

  const as = (session: string) => browserAgent(api, session);

  async function practitionerWith(rpps: string): Promise<PractitionerRow | undefined> {
    return new Directory(dataSource).practitionerByRpps(rpps);
  }

  async function streamTypes(stream: string): Promise<string[]> {
    return (await new AuditLog(dataSource).stream(stream)).map((e) => e.type);
  }

  /** Runs `refused`, then checks that the RPPS is still unknown here and the CPTS's stream unchanged. */
  async function writesNothing<T>(rpps: string[], refused: () => Promise<T>): Promise<T> {
    const before = await Promise.all(rpps.map(practitionerWith));
    const streams = await Promise.all([
      streamTypes(`cpts:${cpts.a.id}`),
      streamTypes(`cpts:${cpts.b.id}`),
    ]);
    const answer = await refused();
    expect(await Promise.all(rpps.map(practitionerWith))).toEqual(before);
    expect(
      await Promise.all([streamTypes(`cpts:${cpts.a.id}`), streamTypes(`cpts:${cpts.b.id}`)]),
    ).toEqual(streams);
    return answer;
  }

  describe('POST /cpts', () => {
    it('creates a CPTS with the default delays, audited; its identifier is its own', async () => {
      const identifier = `onb-${randomUUID()}`;
      const created = await as(admin)
        .post('/cpts')
        .send({
          name: 'CPTS des Coteaux',
          identifier,
          projetDeSanteAccesDirect: true,
          coordinatorMssAddress: 'coordination@cpts-coteaux.sandbox.mssante.fr',
        })
        .expect(201);
      expect(created.body).toMatchObject({
        name: 'CPTS des Coteaux',
        identifier: identifier.toUpperCase(),
        bilanInitialDueAfter: 'P30D',
        compteRenduDueAfter: 'P30D',
        reminderEvery: 'P7D',
        escalateAfterReminders: 2,
        projetDeSanteAccesDirect: true,
        coordinatorsReadDocuments: false,
        coordinatorMssAddress: 'coordination@cpts-coteaux.sandbox.mssante.fr',
      });
      const audit = await new AuditLog(dataSource).stream(`cpts:${created.body.id}`);
      expect(audit.map((e) => [e.type, e.actor.id])).toEqual([['cpts_created', '810000099999']]);
      expect(audit[0].payload).toMatchObject({ identifier: identifier.toUpperCase() });

      // The same identifier, whatever its case, is the same CPTS: 409, and no second one.
      const again = await as(admin)
        .post('/cpts')
        .send({ name: 'CPTS des Coteaux (bis)', identifier: identifier.toLowerCase() })
        .expect(409);
      expect(again.body.problems).toEqual([
        { field: 'identifier', problem: 'is the identifier of another CPTS' },
      ]);
      const named = await dataSource.query('SELECT id FROM cpts WHERE name LIKE $1', [
        'CPTS des Coteaux%',
      ]);
      expect(named).toEqual([{ id: created.body.id }]);
    });

    it('names every bad field, like PATCH, and writes nothing', async () => {
      const name = `CPTS refusée ${randomUUID()}`;
      const bad = await as(admin)
        .post('/cpts')
        .send({
          name,
          identifier: 'x',
          reminderEvery: 'soon',
          escalateAfterReminders: 99,
          coordinatorMssAddress: 'coordination@gmail.com',
        })
        .expect(400);
      expect(fields(bad.body)).toEqual(['coordinatorMssAddress', 'identifier']);
      const policy = await as(admin)
        .post('/cpts')
        .send({
          name,
          identifier: `ONB-${randomUUID()}`,
          reminderEvery: 'soon',
          escalateAfterReminders: 99,
        })
        .expect(400);
      expect(fields(policy.body)).toEqual(['escalateAfterReminders', 'reminderEvery']);
      await as(admin).post('/cpts').send({ identifier: 'ONB-NO-NAME' }).expect(400);
      expect(await dataSource.query('SELECT 1 FROM cpts WHERE name = $1', [name])).toEqual([]);
    });

    it('is an administrator’s act only', async () => {
      const name = `CPTS d'un coordinateur ${randomUUID()}`;
      for (const session of [cpts.a.coordinator, await testSessionCookie(dataSource)]) {
        await as(session)
          .post('/cpts')
          .send({ name, identifier: `ONB-${randomUUID()}` })
          .expect(403);
      }
      expect(await dataSource.query('SELECT 1 FROM cpts WHERE name = $1', [name])).toEqual([]);
    });
  });

  describe('POST /cpts/{id}/practitioners', () => {
    const register = (session: string, body: Record<string, unknown>, cptsId = cpts.a.id) =>
      as(session).post(`/cpts/${cptsId}/practitioners`).send(body);

    it('refuses a malformed RPPS or billing number with 400 naming them', async () => {
      const answer = await writesNothing([], () =>
        register(cpts.a.coordinator, { rpps: '1234', billingNumber: '12' }).expect(400),
      );
      expect(fields(answer.body)).toEqual(['billingNumber', 'rpps']);
      expect(answer.body.problems).toContainEqual({
        field: 'rpps',
        problem: 'must be an RPPS number (11 digits)',
      });
      await register(cpts.a.coordinator, { rpps: ANNE.rpps, mssAddress: 'anne@gmail.com' }).expect(
        400,
      );
      expect(await practitionerWith(ANNE.rpps)).toBeUndefined();
    });

    it('answers 404 naming rpps for an RPPS unknown to the Annuaire Santé', async () => {
      const answer = await writesNothing([UNKNOWN], () =>
        register(cpts.a.coordinator, { rpps: UNKNOWN }).expect(404),
      );
      expect(answer.body.problems).toEqual([
        { field: 'rpps', problem: 'is unknown to the Annuaire Santé' },
      ]);
    });

    it('refuses, when they would open pathways, someone who is not an orthophoniste or no longer practises', async () => {
      const physician = await writesNothing([CLAIRE_MARTIN], () =>
        register(cpts.a.coordinator, { rpps: CLAIRE_MARTIN }).expect(400),
      );
      expect(physician.body.problems).toEqual([
        { field: 'rpps', problem: expect.stringMatching(/not an orthophoniste.*profession 10/) },
      ]);
      const closed = await writesNothing([CHLOE_CLOSED], () =>
        register(cpts.a.coordinator, { rpps: CHLOE_CLOSED }).expect(400),
      );
      expect(closed.body.message).toMatch(/exercise as closed/);
    });

    it('registers an orthophoniste as the directory lists them, with their billing number, audited', async () => {
      const registered = await register(cpts.a.coordinator, {
        rpps: ANNE.rpps,
        billingNumber: '51 123 456 7',
      }).expect(201);
      expect(registered.body).toMatchObject({
        id: expect.any(String),
        rpps: ANNE.rpps,
        familyName: 'ROUSSEL',
        givenNames: 'Anne',
        professionCode: '91',
        cptsId: cpts.a.id,
        mssAddress: ANNE.address,
        billingNumber: '511234567',
        directorySyncedAt: expect.any(String),
      });
      const audit = await new AuditLog(dataSource).stream(`cpts:${cpts.a.id}`);
      expect(audit.at(-1)).toMatchObject({
        type: 'member_registered',
        payload: { practitionerId: registered.body.id, rpps: ANNE.rpps, newPractitioner: true },
      });
      const members = await as(cpts.a.coordinator)
        .get(`/practitioners?cptsId=${cpts.a.id}`)
        .expect(200);
      expect(members.body.items.map((p: PractitionerRow) => p.rpps)).toContain(ANNE.rpps);
    });

    it('answers 409 for a member of this CPTS, and for a coordinator a member of another; an administrator moves them', async () => {
      const anne = (await practitionerWith(ANNE.rpps)) as PractitionerRow;
      const again = await writesNothing([ANNE.rpps], () =>
        register(cpts.a.coordinator, { rpps: ANNE.rpps }).expect(409),
      );
      expect(again.body.problems).toEqual([
        { field: 'rpps', problem: 'is already a member of this CPTS' },
      ]);
      const taken = await writesNothing([ANNE.rpps], () =>
        register(cpts.b.coordinator, { rpps: ANNE.rpps }, cpts.b.id).expect(409),
      );
      expect(taken.body.message).toMatch(
        /member of another CPTS: only an administrator moves them/,
      );

      const moved = await register(admin, { rpps: ANNE.rpps }, cpts.b.id).expect(201);
      // The same practitioner, not a second one; their billing number kept.
      expect(moved.body).toMatchObject({
        id: anne.id,
        cptsId: cpts.b.id,
        billingNumber: '511234567',
      });
      expect((await streamTypes(`cpts:${cpts.a.id}`)).at(-1)).toBe('member_removed');
      expect((await streamTypes(`cpts:${cpts.b.id}`)).at(-1)).toBe('member_registered');
    });

    it('asks which MSSanté mailbox when the directory lists several, and takes only one it lists', async () => {
      const choose = await writesNothing([JULIEN.rpps], () =>
        register(cpts.a.coordinator, { rpps: JULIEN.rpps }).expect(400),
      );
      expect(fields(choose.body)).toEqual(['mssAddress']);
      expect(choose.body.message).toContain(JULIEN.personal);
      expect(choose.body.message).toContain(JULIEN.msp);
      const stranger = await writesNothing([JULIEN.rpps], () =>
        register(cpts.a.coordinator, {
          rpps: JULIEN.rpps,
          mssAddress: 'quelqu.un@autre.sandbox.mssante.fr',
        }).expect(400),
      );
      expect(stranger.body.problems[0]).toMatchObject({
        field: 'mssAddress',
        problem: expect.stringContaining('is not one of the MSSanté mailboxes'),
      });

      const chosen = await register(cpts.a.coordinator, {
        rpps: JULIEN.rpps,
        mssAddress: JULIEN.msp.toUpperCase(),
      }).expect(201);
      // The directory's spelling is kept.
      expect(chosen.body).toMatchObject({ mssAddress: JULIEN.msp, billingNumber: null });
    });

    it('registers someone with no MSSanté mailbox, and someone who opens no pathways', async () => {
      const ines = await register(cpts.a.coordinator, { rpps: INES }).expect(201);
      expect(ines.body).toMatchObject({ familyName: 'CARON', mssAddress: null });
      const claire = await register(cpts.a.coordinator, {
        rpps: CLAIRE_MARTIN,
        opensPathways: false,
      }).expect(201);
      expect(claire.body).toMatchObject({ professionCode: '10', cptsId: cpts.a.id });

      // A member who opens no pathways cannot open one herself either.
      const patientId = randomUUID();
      await new Directory(dataSource).savePatients([
        {
          id: patientId,
          insMatricule: null,
          insOid: null,
          identityStatus: 'PROV',
          birthFamilyName: 'ESSAI',
          firstNames: 'Lou',
          usedFamilyName: null,
          birthDate: '2018-05-04',
          sex: 'F',
          birthPlaceCode: null,
        },
      ]);
      const session = await testSessionCookie(dataSource, {
        id: claire.body.id as string,
        rpps: CLAIRE_MARTIN,
      });
      const refused = await as(session)
        .post('/pathways')
        .send({
          cptsId: cpts.a.id,
          practitionerId: claire.body.id,
          patientId,
          medecinTraitant: { declared: false },
          consentementDmp: 'not_asked',
        })
        .expect(403);
      expect(refused.body.message).toContain('orthophonistes only');
      const [{ count }] = await dataSource.query(
        `SELECT count(*)::int AS count FROM pathways WHERE practitioner_id = $1`,
        [claire.body.id],
      );
      expect(count).toBe(0);
    });

    it('reuses the row the engine already has for the RPPS', async () => {
      const id = randomUUID();
      await new Directory(dataSource).savePractitioners([
        {
          id,
          rpps: MARC,
          familyName: 'ANCIEN-NOM',
          givenNames: 'M.',
          professionCode: '91',
          cptsId: null,
          mssAddress: null,
        },
      ]);
      const marc = await register(cpts.a.coordinator, { rpps: MARC }).expect(201);
      expect(marc.body).toMatchObject({ id, familyName: 'GIRARD', givenNames: 'Marc' });
      expect((await new AuditLog(dataSource).stream(`cpts:${cpts.a.id}`)).at(-1)?.payload).toEqual({
        practitionerId: id,
        rpps: MARC,
        newPractitioner: false,
      });
    });

    it('answers 403 to another CPTS’s coordinator and an orthophoniste, 404 for an unknown CPTS', async () => {
      await writesNothing([EMMA], async () => {
        await register(cpts.b.coordinator, { rpps: EMMA }).expect(403);
        await register(await testSessionCookie(dataSource), { rpps: EMMA }).expect(403);
        const unknown = randomUUID();
        const answer = await register(admin, { rpps: EMMA }, unknown).expect(404);
        expect(answer.body.message).toBe(`CPTS ${unknown} not found`);
        await register(cpts.a.coordinator, { rpps: EMMA }, unknown).expect(403);
      });
    });
  });

  describe('POST /practitioners/{id}/directory-sync', () => {
    it('re-reads the directory, keeps a chosen address still listed, and asks again when it is gone', async () => {
      const julien = (await practitionerWith(JULIEN.rpps)) as PractitionerRow;
      const kept = await as(cpts.a.coordinator)
        .post(`/practitioners/${julien.id}/directory-sync`)
        .send({})
        .expect(200);
      expect(kept.body).toMatchObject({ practitioner: { mssAddress: JULIEN.msp }, changes: {} });

      // The engine's copy drifted: a name mistyped, an address the directory no longer lists.
      await dataSource.query(
        `UPDATE practitioners SET family_name = 'FAUR', mss_address = 'ancienne@msp-coteaux.sandbox.mssante.fr' WHERE id = $1`,
        [julien.id],
      );
      const before = await streamTypes(`practitioner:${julien.id}`);
      const choose = await as(cpts.a.coordinator)
        .post(`/practitioners/${julien.id}/directory-sync`)
        .expect(409);
      expect(fields(choose.body)).toEqual(['mssAddress']);
      expect(choose.body.message).toContain(JULIEN.personal);
      expect(choose.body.message).toContain(JULIEN.msp);
      expect(await practitionerWith(JULIEN.rpps)).toMatchObject({ familyName: 'FAUR' });
      expect(await streamTypes(`practitioner:${julien.id}`)).toEqual(before);

      const synced = await as(admin)
        .post(`/practitioners/${julien.id}/directory-sync`)
        .send({ mssAddress: JULIEN.personal })
        .expect(200);
      expect(synced.body.practitioner).toMatchObject({
        familyName: 'FAURE',
        mssAddress: JULIEN.personal,
      });
      expect(synced.body.changes).toEqual({
        familyName: { from: 'FAUR', to: 'FAURE' },
        mssAddress: { from: 'ancienne@msp-coteaux.sandbox.mssante.fr', to: JULIEN.personal },
      });
      const audit = await new AuditLog(dataSource).stream(`practitioner:${julien.id}`);
      expect(audit.at(-1)).toMatchObject({
        type: 'directory_synced',
        payload: { rpps: JULIEN.rpps, changes: synced.body.changes },
      });
    });

    it('is refused to the practitioner and other CPTS’s coordinators; 404 for nobody; 409 when the directory no longer knows them', async () => {
      const julien = (await practitionerWith(JULIEN.rpps)) as PractitionerRow;
      const sync = (session: string, id = julien.id) =>
        as(session).post(`/practitioners/${id}/directory-sync`).send({});
      await sync(cpts.b.coordinator).expect(403);
      await sync(await testSessionCookie(dataSource, julien)).expect(403);
      await sync(admin, randomUUID()).expect(404);

      const gone = { id: randomUUID(), rpps: '99799999990' };
      await new Directory(dataSource).savePractitioners([
        {
          ...gone,
          familyName: 'PARTI',
          givenNames: 'Ortho',
          professionCode: '91',
          cptsId: cpts.a.id,
          mssAddress: null,
        },
      ]);
      const answer = await sync(cpts.a.coordinator, gone.id).expect(409);
      expect(fields(answer.body)).toEqual(['rpps']);
      expect(await new Directory(dataSource).practitioner(gone.id)).toMatchObject({
        familyName: 'PARTI',
        directorySyncedAt: null,
      });
    });
  });

  describe('PUT /practitioners/{id}/billing-number', () => {
    it('is set by the practitioner, their coordinators or an administrator, audited; refused to others', async () => {
      const julien = (await practitionerWith(JULIEN.rpps)) as PractitionerRow;
      const self = await testSessionCookie(dataSource, julien);
      const put = (session: string, billingNumber: unknown) =>
        as(session).put(`/practitioners/${julien.id}/billing-number`).send({ billingNumber });

      const bad = await put(self, '12345').expect(400);
      expect(fields(bad.body)).toEqual(['billingNumber']);
      await put(self, undefined).expect(400);
      await put(cpts.b.coordinator, '338765432').expect(403);
      expect((await practitionerWith(JULIEN.rpps))?.billingNumber).toBeNull();

      await put(self, '33 876 543 2').expect(200);
      expect((await practitionerWith(JULIEN.rpps))?.billingNumber).toBe('338765432');
      await put(cpts.a.coordinator, '2A1234567').expect(200);
      await put(admin, null).expect(200);
      const audit = await new AuditLog(dataSource).stream(`practitioner:${julien.id}`);
      expect(
        audit.filter((e) => e.type === 'billing_number_set').map((e) => e.payload.billingNumber),
      ).toEqual(['338765432', '2A1234567', null]);
      await as(admin)
        .put(`/practitioners/${randomUUID()}/billing-number`)
        .send({ billingNumber: null })
        .expect(404);
    });
  });

  describe('POST /cpts/{id}/practitioners/bulk', () => {
    const bulk = (session: string, csv: string, dryRun: boolean) =>
      as(session).post(`/cpts/${cpts.a.id}/practitioners/bulk`).send({ csv, dryRun });

    it('reports a dry run line by line and writes nothing', async () => {
      const csv = [
        'rpps;billingNumber;mssAddress',
        `${LUCIE};51 222 333 4;`,
        `${UNKNOWN};;`,
        `${INES};;`,
        `${ANNE.rpps};;`,
        '12345;;',
        `${PAUL_DURAND};;`,
        `${LOUIS.rpps};;`,
        `${LUCIE};;`,
      ].join('\n');
      const report = await writesNothing([LUCIE, LOUIS.rpps, PAUL_DURAND], () =>
        bulk(cpts.a.coordinator, csv, true).expect(200),
      );
      expect(report.body.dryRun).toBe(true);
      expect(
        report.body.lines.map(
          (l: { line: number; rpps: string; outcome: string; name?: string }) => [
            l.line,
            l.rpps,
            l.outcome,
            l.name,
          ],
        ),
      ).toEqual([
        [2, LUCIE, 'found', 'Lucie BLANC'],
        [3, UNKNOWN, 'unknown', undefined],
        [4, INES, 'already_member', 'Inès CARON'],
        [5, ANNE.rpps, 'in_another_cpts', 'Anne ROUSSEL'],
        [6, '12345', 'malformed', undefined],
        [7, PAUL_DURAND, 'not_orthophoniste', 'Dr Paul DURAND'],
        [8, LOUIS.rpps, 'needs_mss_choice', 'Louis FONTAINE'],
        [9, LUCIE, 'malformed', undefined],
      ]);
      expect(report.body.lines[0]).toMatchObject({
        mssAddress: 'lucie.blanc@ortho.sandbox.mssante.fr',
      });
      expect(report.body.lines[6].choices).toEqual([
        'louis.fontaine@ortho.sandbox.mssante.fr',
        LOUIS.cabinet,
      ]);
      expect(report.body.lines[7].problem).toBe('rpps: is already on line 2');
      expect(report.body.summary).toEqual({
        found: 1,
        unknown: 1,
        already_member: 1,
        in_another_cpts: 1,
        malformed: 2,
        not_orthophoniste: 1,
        needs_mss_choice: 1,
      });
    });

    it('applies nothing when one line is not found, then everyone at once', async () => {
      const good = [
        'rpps,billingNumber,mssAddress',
        `${LUCIE},512223334,`,
        `${LOUIS.rpps},,${LOUIS.cabinet}`,
        `${PAUL},,`,
      ];
      const refused = await writesNothing([LUCIE, LOUIS.rpps, PAUL], () =>
        bulk(cpts.a.coordinator, [...good, `${UNKNOWN},,`].join('\n'), false).expect(400),
      );
      expect(refused.body.problems).toEqual([
        { field: 'csv[line 5].rpps', problem: 'is unknown to the Annuaire Santé' },
      ]);
      expect(refused.body.message).toMatch(/nobody was/);

      const applied = await bulk(cpts.a.coordinator, good.join('\n'), false).expect(200);
      expect(applied.body.summary).toEqual({ found: 3 });
      expect(
        applied.body.registered.map((p: PractitionerRow) => [
          p.rpps,
          p.cptsId,
          p.mssAddress,
          p.billingNumber,
        ]),
      ).toEqual([
        [LUCIE, cpts.a.id, 'lucie.blanc@ortho.sandbox.mssante.fr', '512223334'],
        [LOUIS.rpps, cpts.a.id, LOUIS.cabinet, null],
        [PAUL, cpts.a.id, 'paul.mercier@ortho.sandbox.mssante.fr', null],
      ]);
      const registered = (await new AuditLog(dataSource).stream(`cpts:${cpts.a.id}`))
        .filter((e) => e.type === 'member_registered')
        .map((e) => e.payload.rpps);
      expect(registered).toEqual(expect.arrayContaining([LUCIE, LOUIS.rpps, PAUL]));
      expect(await new AuditLog(dataSource).verify(`cpts:${cpts.a.id}`)).toMatchObject({
        ok: true,
      });

      // The same roster again: everyone is already a member.
      const again = await bulk(cpts.a.coordinator, good.join('\n'), false).expect(400);
      expect(fields(again.body)).toEqual([
        'csv[line 2].rpps',
        'csv[line 3].rpps',
        'csv[line 4].rpps',
      ]);
    });

    it('refuses a file that is not a roster, and another CPTS’s coordinator', async () => {
      const notCsv = await bulk(cpts.a.coordinator, 'nom;prénom\nLEROY;Camille', true).expect(400);
      expect(fields(notCsv.body)).toEqual(['csv']);
      const noFlag = await as(cpts.a.coordinator)
        .post(`/cpts/${cpts.a.id}/practitioners/bulk`)
        .send({ csv: `rpps\n${EMMA}` })
        .expect(400);
      expect(fields(noFlag.body)).toEqual(['dryRun']);
      await writesNothing([EMMA], () =>
        bulk(cpts.b.coordinator, `rpps\n${EMMA}`, false).expect(403),
      );
    });
  });

  describe('with the Annuaire Santé out of reach', () => {
    let cut: INestApplication;

    beforeAll(async () => {
      const runtime = testRuntime();
      const port = await freePort();
      cut = await startTestApi({
        ...runtime,
        mss: {
          ...runtime.mss,
          directory: { ...runtime.mss.directory, baseUrl: `http://127.0.0.1:${port}/fhir/v2` },
        },
      });
    });

    afterAll(async () => {
      await cut?.close();
    });

    it('answers 503 with Retry-After, and registers nobody', async () => {
      const julien = (await practitionerWith(JULIEN.rpps)) as PractitionerRow;
      await writesNothing([EMMA], async () => {
        for (const request of [
          () =>
            browserAgent(cut, cpts.a.coordinator)
              .post(`/cpts/${cpts.a.id}/practitioners`)
              .send({ rpps: EMMA }),
          () =>
            browserAgent(cut, cpts.a.coordinator)
              .post(`/cpts/${cpts.a.id}/practitioners/bulk`)
              .send({ csv: `rpps\n${EMMA}`, dryRun: true }),
          () =>
            browserAgent(cut, admin).post(`/practitioners/${julien.id}/directory-sync`).send({}),
        ]) {
          const answer = await request().expect(503);
          expect(answer.headers['retry-after']).toBe('5');
          expect(answer.body.message).toMatch(/Annuaire Santé cannot be reached/);
        }
      });
      expect(await practitionerWith(JULIEN.rpps)).toEqual(julien);
    });
  });
});
