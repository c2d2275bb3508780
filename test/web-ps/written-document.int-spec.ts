import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValueSets, readUnstructuredBody, validateCda } from '@app/dmp';
import { MAX_WRITTEN_DOCUMENT_LENGTH } from '@app/domain';
import { readXdmPackage } from '@app/mss';
import { DocumentStore } from '@app/persistence';
import { contentTypeOf, decodedBody, field, parseEntity, partsOf } from '../../libs/mss/mime';
import { MaildirStore } from '../../libs/mss/sandbox/maildir';
import {
  TEST_INS,
  TestEngine,
  dmpSandboxAdmin,
  openingBody,
  seedReferences,
  startTestEngine,
  testMssSandbox,
  today,
  waitForView,
} from '../support/harness';

/** Dr Claire MARTIN of the Annuaire Santé sandbox, whose mailbox the operator sandbox holds. */
const MEDECIN = { rpps: '99700000011', name: 'Dr Claire MARTIN' };
const MEDECIN_ADDRESS = 'claire.martin@medecin.sandbox.mssante.fr';

interface Duty {
  document: { id: string; mediaType: string } | null;
  dmp: { status: string; dmpUniqueId?: string | null } | null;
}
interface View {
  status: string;
  step: string;
  bilanInitial: Duty;
  compteRendu: Duty;
  messages: { purpose: string; status: string; messageId: string | null; correction?: boolean }[];
}

const TEXT = [
  'Compte rendu orthophonique de fin de soins',
  '',
  'Rééducation du langage oral menée en 12 séances.',
  'Objectifs atteints : articulation, fluence ; suivi conseillé à 6 mois.',
].join('\n');

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'written-'));
  try {
    writeFileSync(join(dir, 'd.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'd.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A document written online ("rédiger le compte rendu en ligne", as on the
 * DMP's Web PS): filed in the DMP as a CDA whose body is text/plain, sent to
 * the médecin traitant with the same CDA in its XDM and a PDF rendering, and
 * corrected like a file.
 */
describe('documents written online', () => {
  let engine: TestEngine;
  const valueSets = ValueSets.load();
  const mailboxes = () => new MaildirStore(join(testMssSandbox().maildirs, 'mail'));

  beforeAll(async () => {
    engine = await startTestEngine();
  });

  afterAll(async () => {
    await engine?.close();
  });

  const http = () => engine.http();

  async function openPathway(): Promise<string> {
    const refs = await seedReferences(engine.dataSource);
    return (
      await http()
        .post('/pathways')
        .send(openingBody(refs, { medecinTraitant: { declared: true, ...MEDECIN } }))
        .expect(201)
    ).body.id as string;
  }

  const write = (id: string, path: string, body: Record<string, unknown>) =>
    http().post(`/pathways/${id}/${path}`).send(body);

  async function filedCda(uniqueId: string): Promise<Buffer> {
    const admin = await dmpSandboxAdmin();
    try {
      const submission = await admin.submission(uniqueId);
      if (!submission) throw new Error(`${uniqueId} is not in the DMP sandbox`);
      return submission.cda;
    } finally {
      await admin.close();
    }
  }

  it('files a typed compte-rendu as a text/plain CDA and mails it with the same CDA and a PDF rendering', async () => {
    const id = await openPathway();
    await write(id, 'bilan-initial/written', {
      title: 'Bilan orthophonique initial',
      documentDate: today(),
      text: 'Bilan initial : retard de langage.\nSéances hebdomadaires.',
    }).expect(200);
    await http().post(`/pathways/${id}/end-of-care`).send({ careEndedOn: today() }).expect(200);
    const answer = await write(id, 'compte-rendu/written', {
      title: 'Compte rendu de fin de soins',
      documentDate: today(),
      text: TEXT,
    }).expect(200);
    expect((answer.body as View).compteRendu.document?.mediaType).toBe('text/plain');

    const done = await waitForView(
      engine,
      id,
      'both documents filed and sent',
      (v: View) =>
        v.compteRendu.dmp?.status === 'filed' &&
        v.messages.filter((m) => m.status === 'sent').length === 2,
      100_000,
    );

    // Filed: a level-1 CDA with a text/plain body that is the text typed (CRLF), valid for the DMP.
    const cda = await filedCda(done.compteRendu.dmp?.dmpUniqueId as string);
    const body = readUnstructuredBody(cda);
    expect(body.mediaType).toBe('text/plain');
    expect(body.bytes.toString('utf8')).toBe(TEXT.replace(/\n/g, '\r\n'));
    expect(cda.toString('utf8')).toContain('mediaType="text/plain"');
    const validation = await validateCda(cda, valueSets);
    expect(validation.errors).toEqual([]);
    expect(validation.valid).toBe(true);

    // Stored like an upload, marked as written online.
    const stored = await new DocumentStore(engine.dataSource).withContent(
      done.compteRendu.document?.id as string,
    );
    expect(stored).toMatchObject({ writtenOnline: true, mediaType: 'text/plain' });
    expect(stored?.fileName).toBe('compte-rendu-de-fin-de-soins.txt');

    // Mailed: the PDF rendering shows the text, the XDM carries the very CDA filed in the DMP.
    const sent = done.messages.find((m) => m.purpose === 'compte_rendu');
    const [message] = (await mailboxes().list(MEDECIN_ADDRESS, 'INBOX')).filter(
      (m) => m.messageId === sent?.messageId,
    );
    expect(message).toBeDefined();
    const entity = parseEntity(message.raw);
    expect(field(entity.headers, 'x-mss-codecda')).toBe('11506-3');
    const parts = partsOf(entity);
    const pdf = parts.find((p) => contentTypeOf(p).type === 'application/pdf');
    expect(contentTypeOf(pdf!).params.get('name')).toBe('compte-rendu-de-fin-de-soins.pdf');
    const rendered = pdfText(decodedBody(pdf!));
    expect(rendered).toContain('Compte rendu de fin de soins');
    expect(rendered).toContain('Rééducation du langage oral menée en 12 séances.');
    expect(rendered).toContain('PAT-TROIS');
    expect(
      parts.some(
        (p) => contentTypeOf(p).type === 'text/plain' && contentTypeOf(p).params.get('name'),
      ),
    ).toBe(false);
    const xdm = readXdmPackage(
      decodedBody(parts.find((p) => contentTypeOf(p).type === 'application/zip')!),
    );
    const xdmCdas = [...xdm.documents.values()];
    expect(xdmCdas).toHaveLength(1);
    expect(xdmCdas[0].equals(cda)).toBe(true);
    expect(xdm.metadataXml).toContain('urn:ihe:iti:xds-sd:text:2008');
  });

  it('corrects a written document with a new version that replaces the filed one', async () => {
    const id = await openPathway();
    await write(id, 'bilan-initial/written', {
      title: 'Bilan initial',
      documentDate: today(),
      text: 'Première version.',
    }).expect(200);
    const first = await waitForView(
      engine,
      id,
      'the first filing',
      (v: View) => v.bilanInitial.dmp?.status === 'filed',
    );
    await write(id, 'bilan-initial/versions/written', {
      title: 'Bilan initial (corrigé)',
      documentDate: today(),
      text: 'Version corrigée.',
    }).expect(200);
    const second = await waitForView(
      engine,
      id,
      'the corrected filing',
      (v: View) =>
        v.bilanInitial.dmp?.status === 'filed' &&
        v.bilanInitial.dmp?.dmpUniqueId !== first.bilanInitial.dmp?.dmpUniqueId,
    );
    const admin = await dmpSandboxAdmin();
    try {
      const documents = await admin.documents(TEST_INS);
      const versions = documents.filter((d) =>
        [first.bilanInitial.dmp?.dmpUniqueId, second.bilanInitial.dmp?.dmpUniqueId].includes(
          d.uniqueId,
        ),
      );
      expect(versions.map((d) => [d.status, d.replacesUniqueId ?? null])).toEqual([
        ['Deprecated', null],
        ['Approved', first.bilanInitial.dmp?.dmpUniqueId],
      ]);
    } finally {
      await admin.close();
    }
    const body = readUnstructuredBody(
      await filedCda(second.bilanInitial.dmp?.dmpUniqueId as string),
    );
    expect(body.bytes.toString('utf8')).toBe('Version corrigée.');
  });

  it('refuses bad input with the field named, storing and sending nothing', async () => {
    const id = await openPathway();
    const documents = new DocumentStore(engine.dataSource);
    const base = { title: 'Bilan', documentDate: today() };
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [{ ...base, text: '' }, 400, 'text', /must not be empty/],
      [{ ...base, text: '   \n  ' }, 400, 'text', /must not be empty/],
      [{ ...base }, 400, 'text', /document’s text/],
      [{ ...base, text: 'a'.repeat(MAX_WRITTEN_DOCUMENT_LENGTH + 1) }, 400, 'text', /50000/],
      [{ ...base, text: 'Bilan\u0007' }, 400, 'text', /control characters/],
      [{ ...base, title: '', text: 'Bilan' }, 400, 'title', /must not be empty/],
      [{ ...base, documentDate: '2999-01-01', text: 'Bilan' }, 400, 'documentDate', /future/],
    ];
    for (const [body, status, fieldName, problem] of cases) {
      const answer = await write(id, 'bilan-initial/written', body).expect(status);
      expect(answer.body.problems).toEqual(
        expect.arrayContaining([{ field: fieldName, problem: expect.stringMatching(problem) }]),
      );
    }
    expect(await documents.forPathway(id)).toEqual([]);
    // An unknown pathway is a 404; a correction of a bilan never received, a 409.
    await write('00000000-0000-4000-8000-000000000000', 'bilan-initial/written', {
      ...base,
      text: 'Bilan',
    }).expect(404);
    await write(id, 'bilan-initial/versions/written', { ...base, text: 'Bilan' }).expect(409);
    expect(await documents.forPathway(id)).toEqual([]);
  });
});
