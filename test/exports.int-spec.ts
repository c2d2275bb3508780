import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { AuditLog, Directory } from '@app/persistence';
import {
  TestEngine,
  TestReferences,
  administratorSession,
  coordinatorSession,
  httpAs,
  openingBody,
  pdfBytes,
  seedReferences,
  startTestEngine,
  testSessionCookie,
  today,
  waitFor,
} from './support/harness';

type Row = Record<string, string>;

/** The answer's raw bytes (supertest would decode text and drop the byte-order mark). */
function bytes(req: request.Test): Promise<request.Response & { body: Buffer }> {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

function csvRows(body: Buffer): Row[] {
  return parse(body, { bom: true, delimiter: ';', columns: true, record_delimiter: '\r\n' });
}

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'report-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What identifies the seeded patient (test/support/harness seedReferences), in every spelling. */
const PATIENT_TRAITS = [
  'PAT-TROIS',
  'DOMINIQUE',
  'MARIE-LOUISE',
  '279035121518989',
  '1979-03-28',
  '28/03/1979',
];
const SECRET_TITLE = 'Bilan — suspicion de dysphasie SECRET-TITRE';

describe('CSV exports and the annual activity report', () => {
  let engine: TestEngine;
  let refs: TestReferences;
  let pathwayId: string;
  let coordinator: string;
  let otherCoordinator: string;
  let administrator: string;
  const year = today().slice(0, 4);
  const period = `from=${year}-01-01&to=${today()}`;

  beforeAll(async () => {
    engine = await startTestEngine();
    const other = await seedReferences(engine.dataSource);
    refs = await seedReferences(engine.dataSource);
    coordinator = await coordinatorSession(engine.dataSource, refs.cptsId);
    otherCoordinator = await coordinatorSession(engine.dataSource, other.cptsId);
    administrator = await administratorSession(engine.dataSource);
    // Another orthophoniste's pathway (another CPTS): in nobody's export but theirs.
    await httpAs(engine, other.session)().post('/pathways').send(openingBody(other)).expect(201);

    pathwayId = (await engine.http().post('/pathways').send(openingBody(refs)).expect(201)).body
      .id as string;
    await engine
      .http()
      .post(`/pathways/${pathwayId}/bilan-initial`)
      .attach('file', pdfBytes(), 'bilan.pdf')
      .field('title', SECRET_TITLE)
      .field('documentDate', today())
      .expect(200);
    await waitFor('the bilan in the read model', async () => {
      const [row] = await engine.dataSource.query<{ received: Date | null }[]>(
        'SELECT bilan_initial_received_at AS received FROM pathways WHERE id = $1',
        [pathwayId],
      );
      return row?.received ?? undefined;
    });
  });

  afterAll(async () => {
    await engine?.close();
  });

  it("gives a CPTS's coordinator its pathway list, de-identified: BOM, ';', CRLF, French headers, no patient trait anywhere", async () => {
    const res = await bytes(
      httpAs(engine, coordinator)().get(`/cpts/${refs.cptsId}/exports/pathways.csv?${period}`),
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="parcours-cpts_/);
    expect(res.headers['cache-control']).toBe('no-store');
    const body: Buffer = res.body;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8');
    // Every line ends with CRLF, none with a bare LF.
    expect(text.endsWith('\r\n')).toBe(true);
    expect(/[^\r]\n/.test(text)).toBe(false);
    const header = text.slice(1, text.indexOf('\r\n')).split(';');
    expect(header.slice(0, 8)).toEqual([
      'Parcours',
      'Orthophoniste',
      "RPPS de l'orthophoniste",
      "Date d'ouverture",
      'Statut',
      'Étape',
      'Date de clôture',
      'Jours de retard',
    ]);
    expect(header).toEqual(
      expect.arrayContaining([
        'Bilan initial : échéance',
        'Bilan initial : reçu le',
        'Bilan initial : délai',
        'Bilan initial : MSSanté',
        'Bilan initial : MSSanté, motif de non-envoi',
        'Bilan initial : MSSanté, distribué le',
        'Bilan initial : MSSanté, lu le',
        'Bilan initial : DMP',
        'Bilan initial : DMP, motif',
        'Compte-rendu : échéance',
        'Compte-rendu : délai',
      ]),
    );
    expect(header.some((h) => /patient|\bINS\b|naissance|médecin/i.test(h))).toBe(false);

    const rows = csvRows(body);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      Parcours: pathwayId,
      Orthophoniste: 'Ortho TEST',
      "RPPS de l'orthophoniste": refs.rpps,
      "Date d'ouverture": today(),
      Statut: 'en cours',
      Étape: 'soins en cours',
      'Jours de retard': '0',
      'Bilan initial : reçu le': today(),
      'Bilan initial : délai': 'dans le délai',
      'Compte-rendu : délai': 'non dû',
    });
    for (const trait of [...PATIENT_TRAITS, SECRET_TITLE, 'SECRET-TITRE', 'Claire MARTIN']) {
      expect(body.includes(Buffer.from(trait, 'utf8'))).toBe(false);
    }
    // The download is in the coordinator's audit stream.
    const me = (await httpAs(engine, coordinator)().get('/auth/me').expect(200)).body as {
      idNatPs: string;
    };
    const audit = await new AuditLog(engine.dataSource).stream(`user:${me.idNatPs}`);
    expect(audit.filter((e) => e.type === 'export_downloaded').map((e) => e.payload)).toEqual([
      {
        export: 'cpts_pathways',
        cptsId: refs.cptsId,
        period: { from: `${year}-01-01`, to: today() },
      },
    ]);
  });

  it("gives an orthophoniste their own pathways with their patients' names and birth dates, and nobody else's", async () => {
    const res = await bytes(
      httpAs(engine, refs.session)().get(`/pathways/exports/pathways.csv?${period}`),
    );
    expect(res.status).toBe(200);
    const rows = csvRows(res.body);
    expect(rows.map((r) => r.Parcours)).toEqual([pathwayId]);
    expect(rows[0]).toMatchObject({
      'Patient : nom de naissance': 'PAT-TROIS',
      'Patient : prénoms': 'DOMINIQUE MARIE-LOUISE',
      'Patient : date de naissance': '1979-03-28',
      'Consentement DMP': 'donné',
      'Médecin traitant': 'Dr Claire MARTIN',
      'Bilan initial : délai': 'dans le délai',
    });
    // Still no free text: the document's title stays in the pathway.
    expect(res.body.includes(Buffer.from('SECRET-TITRE'))).toBe(false);
    // Someone who is no orthophoniste has no "own pathways".
    await httpAs(engine, coordinator)().get('/pathways/exports/pathways.csv').expect(403);
  });

  it('streams an export of thousands of pathways, and gives the connection back when the client goes away', async () => {
    const directory = new Directory(engine.dataSource);
    const cptsId = randomUUID();
    const practitionerId = randomUUID();
    await directory.saveCpts([
      {
        id: cptsId,
        name: 'CPTS volumineuse',
        bilanInitialDueAfter: 'P30D',
        compteRenduDueAfter: 'P30D',
        reminderEvery: 'P7D',
        escalateAfterReminders: 2,
      },
    ]);
    await directory.savePractitioners([
      {
        id: practitionerId,
        rpps: '10000000999',
        familyName: 'NOMBREUX',
        givenNames: 'Léa',
        professionCode: '91',
        cptsId,
        mssAddress: null,
      },
    ]);
    const count = 6_000;
    // Straight into the read model: a third late, a third received, a third in care.
    await engine.dataSource.query(
      `INSERT INTO pathways (id, cpts_id, practitioner_id, patient_id, status, step, medecin_traitant,
                             consentement_dmp, policy, opened_at, bilan_initial_due_at,
                             bilan_initial_received_at, last_seq)
       SELECT gen_random_uuid(), $1, $2, $3, 'active',
              CASE WHEN i % 3 = 0 THEN 'bilan_initial' ELSE 'care' END,
              '{"declared": false}', 'refused', '{}',
              now() - make_interval(days => 40, secs => i), now() - interval '10 days',
              CASE WHEN i % 3 = 0 THEN NULL ELSE now() - interval '20 days' END, 1
         FROM generate_series(1, $4::int) AS i`,
      [cptsId, practitionerId, refs.patientId, count],
    );
    const bigCoordinator = await coordinatorSession(engine.dataSource, cptsId);
    const url = `/cpts/${cptsId}/exports/pathways.csv`;

    const res = await bytes(httpAs(engine, bigCoordinator)().get(url));
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBeUndefined(); // streamed (chunked), not buffered
    const rows = csvRows(res.body);
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((r) => r.Parcours)).size).toBe(count);
    expect(rows.filter((r) => r['Bilan initial : délai'] === 'manquant, en retard')).toHaveLength(
      count / 3,
    );
    expect(rows.find((r) => r.Étape === 'bilan initial attendu')?.['Jours de retard']).toBe('10');
    // Oldest opening first.
    expect(rows[0]["Date d'ouverture"] <= rows[count - 1]["Date d'ouverture"]).toBe(true);

    // Clients that hang up after the first bytes, more of them than the API's pool has connections.
    const server = engine.api.getHttpServer() as http.Server;
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    for (let i = 0; i < 12; i += 1) {
      await new Promise<void>((resolve, reject) => {
        const req = http.get(
          { host: '127.0.0.1', port, path: url, headers: { Cookie: bigCoordinator } },
          (answer) => {
            if (answer.statusCode !== 200) reject(new Error(`status ${answer.statusCode}`));
            answer.once('data', () => {
              req.destroy();
              resolve();
            });
          },
        );
        req.on('error', () => undefined);
      });
    }
    await waitFor('every export cursor closed', async () => {
      const [{ busy }] = await engine.dataSource.query<{ busy: string }[]>(
        `SELECT count(*) AS busy FROM pg_stat_activity
          WHERE application_name = 'acces-direct-api' AND query LIKE '%AS bi_due_at%'
            AND state <> 'idle'`,
      );
      return Number(busy) === 0;
    });
    // The pool still has its connections: a whole export again.
    const again = await bytes(httpAs(engine, bigCoordinator)().get(url));
    expect(csvRows(again.body)).toHaveLength(count);
  });

  it("exports a CPTS's indicators, one line per figure with its definition, and its per-orthophoniste table", async () => {
    const res = await bytes(
      httpAs(engine, coordinator)().get(`/cpts/${refs.cptsId}/exports/indicators.csv?${period}`),
    );
    expect(res.status).toBe(200);
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(res.body);
    expect(Object.keys(rows[0])).toEqual([
      'Période',
      'Indicateur',
      'Libellé',
      'Valeur',
      'Définition',
    ]);
    const whole = rows.filter((r) => r.Période === `${year}-01-01/${today()}`);
    const figure = (key: string) => whole.find((r) => r.Indicateur === key);
    expect(figure('pathways.opened')).toMatchObject({ Libellé: 'Parcours ouverts', Valeur: '1' });
    expect(figure('duties.bilanInitial.receivedOnTime')?.Valeur).toBe('1');
    expect(figure('sharing.bilanInitial.received')?.Valeur).toBe('1');
    for (const row of whole) expect(row.Définition).not.toBe('');
    expect(figure('duties.compteRendu.owed')?.Définition).toMatch(/fin de soins/);
    // The same figures per quarter.
    const quarter = `${year}-Q${Math.ceil(Number(today().slice(5, 7)) / 3)}`;
    expect(
      rows.find((r) => r.Période === quarter && r.Indicateur === 'pathways.opened')?.Valeur,
    ).toBe('1');

    const table = await bytes(
      httpAs(engine, administrator)().get(
        `/cpts/${refs.cptsId}/exports/orthophonistes.csv?${period}`,
      ),
    );
    expect(table.status).toBe(200);
    const orthophonistes = csvRows(table.body);
    expect(orthophonistes).toEqual([
      expect.objectContaining({
        Orthophoniste: 'Ortho TEST',
        RPPS: refs.rpps,
        'Parcours ouverts': '1',
        'Bilans dans le délai': '1',
        'Bilans manquants en retard': '0',
      }),
    ]);
  });

  it('prints the annual activity report: the CPTS, the period, the figures, the orthophonistes, the method', async () => {
    const res = await bytes(
      httpAs(engine, coordinator)().get(`/cpts/${refs.cptsId}/reports/annual.pdf?${period}`),
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(res.body);
    const cpts = await new Directory(engine.dataSource).cpts(refs.cptsId);
    expect(text).toContain(cpts!.name);
    const [y, m, d] = today().split('-');
    expect(text).toContain(`du 01/01/${year} au ${d}/${m}/${y}`);
    expect(text).toMatch(/Parcours ouverts\s+1\b/);
    expect(text).toMatch(/reçus dans le délai\s+1 \(100 %\)/);
    expect(text).toContain('Indicateurs par trimestre');
    expect(text).toContain(`T${Math.ceil(Number(m) / 3)} ${year}`);
    expect(text).toContain("Bilans initiaux par trimestre d'ouverture du parcours");
    expect(text).toContain('Ortho TEST');
    expect(text).toContain(refs.rpps);
    expect(text).toContain('Définitions des indicateurs');
    expect(text).toContain('Comment les chiffres ont été calculés');
    for (const trait of PATIENT_TRAITS) expect(text).not.toContain(trait);

    // Administrators get it too (no patient data in it).
    await httpAs(engine, administrator)()
      .get(`/cpts/${refs.cptsId}/reports/annual.pdf`)
      .expect(200)
      .expect('Content-Type', 'application/pdf');
  });

  it("answers 404 for another CPTS's coordinator and an orthophoniste, 403 for the pathway list to an administrator", async () => {
    const routes = [
      'exports/pathways.csv',
      'exports/indicators.csv',
      'exports/orthophonistes.csv',
      'reports/annual.pdf',
    ];
    const orthophoniste = await testSessionCookie(engine.dataSource);
    for (const route of routes) {
      for (const session of [otherCoordinator, orthophoniste]) {
        const res = await httpAs(engine, session)().get(`/cpts/${refs.cptsId}/${route}`);
        expect([route, res.status]).toEqual([route, 404]);
        expect(JSON.stringify(res.body)).not.toContain('Ortho');
      }
      // A CPTS that does not exist, for an administrator.
      await httpAs(engine, administrator)().get(`/cpts/${randomUUID()}/${route}`).expect(404);
    }
    const refused = await httpAs(engine, administrator)()
      .get(`/cpts/${refs.cptsId}/exports/pathways.csv`)
      .expect(403);
    expect(refused.body.message).toMatch(/administrators see no patient data/);
  });

  it('refuses a period whose start is after its end, naming the field', async () => {
    for (const url of [
      `/cpts/${refs.cptsId}/exports/pathways.csv`,
      `/cpts/${refs.cptsId}/exports/indicators.csv`,
      `/cpts/${refs.cptsId}/exports/orthophonistes.csv`,
      `/cpts/${refs.cptsId}/reports/annual.pdf`,
    ]) {
      const res = await httpAs(engine, coordinator)()
        .get(`${url}?from=2025-06-01&to=2025-05-31`)
        .expect(400);
      expect(res.body.problems).toEqual([{ field: 'from', problem: 'must not be after to' }]);
    }
    const own = await httpAs(engine, refs.session)()
      .get('/pathways/exports/pathways.csv?from=2025-13-01')
      .expect(400);
    expect(own.body.problems[0].field).toBe('from');
  });

  it('describes the binary answers in the OpenAPI document', async () => {
    const doc = (await request(engine.api.getHttpServer()).get('/docs/openapi.json').expect(200))
      .body as {
      paths: Record<string, { get: { responses: Record<string, { content?: object }> } }>;
    };
    expect(
      Object.keys(doc.paths['/cpts/{id}/exports/pathways.csv'].get.responses['200'].content!),
    ).toEqual(['text/csv']);
    expect(
      Object.keys(doc.paths['/pathways/exports/pathways.csv'].get.responses['200'].content!),
    ).toEqual(['text/csv']);
    expect(
      Object.keys(doc.paths['/cpts/{id}/reports/annual.pdf'].get.responses['200'].content!),
    ).toEqual(['application/pdf']);
  });
});
