import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { MAX_DOCUMENT_BYTES } from '@app/domain';
import {
  TestReferences,
  openingBody,
  pdfBytes,
  TestEngine,
  actAs,
  seedReferences,
  startTestEngine,
  today,
  waitFor,
} from './support/harness';

interface Problem {
  field: string;
  problem: string;
}

/**
 * Bad input gets a 4xx that names the problem, and nothing is written: no
 * document row, no audit event, no pathway, no workflow.
 */
describe('bad input', () => {
  let engine: TestEngine;
  let dataSource: DataSource;
  let refs: TestReferences;
  let pathwayId: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    dataSource = engine.dataSource;
    refs = await seedReferences(dataSource);
    pathwayId = (await http().post('/pathways').send(openingBody(refs)).expect(201)).body
      .id as string;
    await waitFor('the opening to be recorded', async () => (await auditCount(pathwayId)) === 1);
  });

  // Some tests seed references of their own; the others act as the first orthophoniste.
  beforeEach(() => actAs(refs));

  afterAll(async () => {
    await engine?.close();
  });

  const http = () => engine.http();

  async function documentCount(id: string): Promise<number> {
    const [{ count }] = await dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM documents WHERE pathway_id = $1',
      [id],
    );
    return Number(count);
  }

  async function auditCount(id: string): Promise<number> {
    const [{ count }] = await dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM audit_events WHERE pathway_id = $1',
      [id],
    );
    return Number(count);
  }

  function fields(body: { problems: Problem[] }): string[] {
    return body.problems.map((p) => p.field);
  }

  /** Sends a bilan initial built from the given parts, expects `status`, and checks nothing was stored. */
  async function refusedUpload(
    status: number,
    parts: {
      file?: [Buffer, string];
      fileField?: string;
      title?: string;
      documentDate?: string;
      comment?: string;
    },
    id = pathwayId,
  ) {
    let req = http().post(`/pathways/${id}/bilan-initial`);
    if (parts.file) req = req.attach(parts.fileField ?? 'file', parts.file[0], parts.file[1]);
    if (parts.title !== undefined) req = req.field('title', parts.title);
    if (parts.documentDate !== undefined) req = req.field('documentDate', parts.documentDate);
    if (parts.comment !== undefined) req = req.field('comment', parts.comment);
    const response = await req.expect(status);
    expect(await documentCount(id)).toBe(0);
    expect(await auditCount(pathwayId)).toBe(1);
    return response.body as { message: string; problems: Problem[] };
  }

  const good = {
    file: [pdfBytes(), 'bilan.pdf'] as [Buffer, string],
    title: 'Bilan initial',
    documentDate: today(),
  };

  describe('documents', () => {
    it('unknown pathway: 404', async () => {
      const unknown = randomUUID();
      const body = await refusedUpload(404, good, unknown);
      expect(body.message).toBe(`pathway ${unknown} not found`);
      await http().get(`/pathways/${unknown}`).expect(404);
    });

    it('a pathway id that is not a UUID: 400 naming id', async () => {
      const body = (await http().get('/pathways/not-a-uuid').expect(400)).body as {
        problems: Problem[];
      };
      expect(fields(body)).toEqual(['id']);
    });

    it.each([
      [
        'a Word document renamed .pdf',
        Buffer.from('PK\x03\x04\x14\x00\x06\x00word/document.xml', 'latin1'),
        'bilan.pdf',
      ],
      ['a PNG image', Buffer.from('\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR', 'latin1'), 'scan.png'],
      ['a PDF named .docx', pdfBytes(), 'bilan.docx'],
      ['an HTML page named .txt', Buffer.from('<html><body>bilan</body></html>'), 'bilan.txt'],
    ])('wrong file type (%s): 415 naming file', async (_label, bytes, name) => {
      const body = await refusedUpload(415, { ...good, file: [bytes, name] });
      expect(fields(body)).toEqual(['file']);
    });

    it('5 MB + 1 byte: 413 naming file', async () => {
      const body = await refusedUpload(413, {
        ...good,
        file: [pdfBytes(MAX_DOCUMENT_BYTES + 1), 'big.pdf'],
      });
      expect(fields(body)).toEqual(['file']);
      expect(body.message).toContain('5 MB');
    });

    it('a 1001-character comment: 400 naming comment', async () => {
      const body = await refusedUpload(400, { ...good, comment: 'é'.repeat(1001) });
      expect(body.problems).toEqual([
        { field: 'comment', problem: 'must be at most 1000 characters' },
      ]);
    });

    it('a missing title, or a blank one: 400 naming title', async () => {
      expect(fields(await refusedUpload(400, { ...good, title: undefined }))).toEqual(['title']);
      expect(fields(await refusedUpload(400, { ...good, title: '   ' }))).toEqual(['title']);
    });

    it.each([
      ['in the future', '2999-01-01', 'must not be in the future'],
      ['unparsable', '31/12/2025', 'must be a date written YYYY-MM-DD'],
      ['not a real day', '2025-02-30', 'must be a date written YYYY-MM-DD'],
    ])('a document date %s: 400 naming documentDate', async (_label, documentDate, problem) => {
      const body = await refusedUpload(400, { ...good, documentDate });
      expect(body.problems).toEqual([{ field: 'documentDate', problem }]);
    });

    it('no file, or a file in another field: 400 naming the field', async () => {
      expect(fields(await refusedUpload(400, { ...good, file: undefined }))).toEqual(['file']);
      expect(fields(await refusedUpload(400, { ...good, fileField: 'document' }))).toEqual([
        'document',
      ]);
    });

    it('a compte-rendu while the bilan initial is missing: 409', async () => {
      const response = await http()
        .post(`/pathways/${pathwayId}/compte-rendu`)
        .attach('file', pdfBytes(), 'cr.pdf')
        .field('title', 'CR')
        .field('documentDate', today())
        .expect(409);
      expect(response.body.message).toContain('bilan initial');
      expect(await documentCount(pathwayId)).toBe(0);
    });

    it('accepts exactly 5 MB and a 1000-character comment (the limits themselves)', async () => {
      const refs2 = await seedReferences(dataSource);
      const id = (await http().post('/pathways').send(openingBody(refs2)).expect(201)).body
        .id as string;
      await http()
        .post(`/pathways/${id}/bilan-initial`)
        .attach('file', pdfBytes(MAX_DOCUMENT_BYTES), 'big.pdf')
        .field('title', 'Bilan')
        .field('documentDate', today())
        .field('comment', 'é'.repeat(1000))
        .expect(200);
      expect(await documentCount(id)).toBe(1);
    });
  });

  describe('opening a pathway', () => {
    async function refusedOpening(status: number, body: Record<string, unknown>) {
      const id = randomUUID();
      const response = await http()
        .post('/pathways')
        .send({ ...body, id })
        .expect(status);
      expect(await dataSource.query('SELECT 1 FROM pathways WHERE id = $1', [id])).toEqual([]);
      await expect(engine.client.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(
        WorkflowNotFoundError,
      );
      return response.body as { problems: Problem[] };
    }

    it.each([
      ['cptsId', { cptsId: 'x' }, 'must be a UUID'],
      ['consentementDmp', { consentementDmp: 'maybe' }, 'must be one of given, refused, not_asked'],
      [
        'medecinTraitant.rpps',
        { medecinTraitant: { declared: true, rpps: '123', name: 'Dr X' } },
        'must be an RPPS number (11 digits)',
      ],
      [
        'medecinTraitant.name',
        { medecinTraitant: { declared: true, rpps: '10000000015' } },
        'must not be empty',
      ],
      [
        'medecinTraitant.rpps',
        { medecinTraitant: { declared: false, rpps: '10000000015' } },
        'must be absent when declared is false',
      ],
      [
        'medecinTraitant.mssAddress',
        {
          medecinTraitant: {
            declared: true,
            rpps: '10000000015',
            name: 'Dr X',
            mssAddress: 'nope',
          },
        },
        'must be an e-mail address',
      ],
    ])('%s at fault: 400 naming it', async (field, change, problem) => {
      const body = await refusedOpening(400, { ...openingBody(refs), ...change });
      expect(body.problems).toContainEqual({ field, problem });
    });

    it('a body that is not JSON, or too large: 400 or 413 naming the body', async () => {
      const malformed = await http()
        .post('/pathways')
        .set('content-type', 'application/json')
        .send('{"cptsId": ')
        .expect(400);
      expect(fields(malformed.body)).toEqual(['body']);
      const huge = await http()
        .post('/pathways')
        .send({ ...openingBody(refs), padding: 'x'.repeat(300_000) })
        .expect(413);
      expect(fields(huge.body)).toEqual(['body']);
    });

    it('a missing field or an unknown one: 400 naming it', async () => {
      const { patientId: _omitted, ...withoutPatient } = openingBody(refs);
      expect(fields(await refusedOpening(400, withoutPatient))).toContain('patientId');
      expect(fields(await refusedOpening(400, { ...openingBody(refs), nir: '1234' }))).toEqual([
        'nir',
      ]);
    });

    it('a patient or practitioner that does not exist, or a practitioner of another CPTS: 400 naming it', async () => {
      expect(
        await refusedOpening(400, { ...openingBody(refs), patientId: randomUUID() }),
      ).toMatchObject({
        problems: [{ field: 'patientId', problem: 'no patient has this id' }],
      });
      const other = await seedReferences(dataSource);
      expect(
        await refusedOpening(400, { ...openingBody(refs), practitionerId: other.practitionerId }),
      ).toMatchObject({
        problems: [
          { field: 'practitionerId', problem: 'this practitioner is not a member of this CPTS' },
        ],
      });
    });

    it("another practitioner's name: 403 naming practitionerId", async () => {
      const other = await seedReferences(dataSource);
      actAs(refs);
      expect(
        await refusedOpening(403, { ...openingBody(other), practitionerId: other.practitionerId }),
      ).toMatchObject({
        problems: [{ field: 'practitionerId', problem: 'is not the practitioner of this session' }],
      });
    });
  });

  describe('other steps', () => {
    it('an end of care in the future: 400 naming careEndedOn', async () => {
      const body = (
        await http()
          .post(`/pathways/${pathwayId}/end-of-care`)
          .send({ careEndedOn: '2999-01-01' })
          .expect(400)
      ).body as { problems: Problem[] };
      expect(fields(body)).toEqual(['careEndedOn']);
    });

    it('an end of care before the bilan: 409 and nothing recorded', async () => {
      await http().post(`/pathways/${pathwayId}/end-of-care`).send({}).expect(409);
      expect(await auditCount(pathwayId)).toBe(1);
    });

    it('a referral without reason or physician name: 400 naming them', async () => {
      const body = (
        await http().post(`/pathways/${pathwayId}/referrals`).send({ physician: {} }).expect(400)
      ).body as {
        problems: Problem[];
      };
      expect(fields(body).sort()).toEqual(['physician.name', 'reason']);
    });

    it('an abandon with a 1001-character reason: 400 naming reason', async () => {
      const body = (
        await http()
          .post(`/pathways/${pathwayId}/abandon`)
          .send({ reason: 'x'.repeat(1001) })
          .expect(400)
      ).body as { problems: Problem[] };
      expect(fields(body)).toEqual(['reason']);
      expect(await auditCount(pathwayId)).toBe(1);
    });

    it('list filters out of range: 400 naming each', async () => {
      const body = (
        await http()
          .get('/pathways')
          .query({ status: 'late', overdue: 'maybe', pageSize: 1000 })
          .expect(400)
      ).body as { problems: Problem[] };
      expect(fields(body).sort()).toEqual(['overdue', 'pageSize', 'status']);
    });
  });
});
