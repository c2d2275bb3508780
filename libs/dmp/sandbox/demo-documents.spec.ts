import { buildCda, validateCda } from '../cda';
import { sampleSubmission } from '../cda/sample-submission';
import { NORMAL_VISIBILITY } from '../model';
import { ValueSets } from '../value-sets';
import { provideAndRegisterMetadata } from '../xds';
import type { AddedDocument, OtherAuthorDocument } from './add-document';
import {
  OTHER_AUTHORS,
  demoDocumentsOf,
  nameBasedOid,
  seedOtherAuthorsDocuments,
} from './demo-documents';
import type { SandboxDocument } from './options';

const valueSets = ValueSets.load();
const patient = sampleSubmission().patient;
const NOW = new Date('2026-03-20T10:00:00Z');

/** A sandbox that only remembers what was added. */
function fakeSandbox() {
  const added: OtherAuthorDocument[] = [];
  return {
    added,
    addDocument(input: OtherAuthorDocument): Promise<AddedDocument> {
      added.push(input);
      return Promise.resolve({
        uniqueId: input.uniqueId ?? '',
        entryUUID: `urn:uuid:${added.length}`,
      });
    },
    documents(): Promise<SandboxDocument[]> {
      return Promise.resolve(added.map((a) => ({ uniqueId: a.uniqueId }) as SandboxDocument));
    },
  };
}

describe('demo documents by other professionals', () => {
  it('gives each patient a consultation, a masked kiné bilan and a letter hidden from the patient', () => {
    const documents = demoDocumentsOf(patient, NOW);
    expect(
      documents.map((d) => [
        d.author.rpps,
        d.typeCode,
        d.visibility,
        d.creationTime?.toISOString(),
      ]),
    ).toEqual([
      ['10000000501', '11488-4', NORMAL_VISIBILITY, '2026-02-28T10:00:00.000Z'],
      [
        '10000000601',
        '47420-5',
        { ...NORMAL_VISIBILITY, hiddenFromProfessionals: true },
        '2026-03-08T10:00:00.000Z',
      ],
      [
        '10000000501',
        '11488-4',
        { ...NORMAL_VISIBILITY, hiddenFromPatient: true },
        '2026-03-15T10:00:00.000Z',
      ],
    ]);
    // Nothing of the patient in the texts: the CDA header names them, the body does not.
    for (const d of documents) {
      expect(d.text).not.toContain(patient.birthFamilyName);
      expect(d.text).toContain('Document fictif');
    }
  });

  it('builds documents the DMP accepts: CDA and ITI-41 metadata within their value sets', async () => {
    for (const d of demoDocumentsOf(patient, NOW)) {
      const submission = {
        ...sampleSubmission({ mediaType: 'text/plain', bytes: Buffer.from(d.text ?? '', 'utf8') }),
        uniqueId: d.uniqueId ?? '',
        typeCode: d.typeCode,
        title: d.title,
        comment: d.comment,
        visibility: d.visibility ?? NORMAL_VISIBILITY,
        author: d.author,
      };
      const cda = buildCda(submission, valueSets);
      const validation = await validateCda(Buffer.concat(cda.chunks), valueSets);
      expect(validation.errors).toEqual([]);
      expect(() =>
        provideAndRegisterMetadata({
          submission,
          cda,
          valueSets,
          sourceId: '1.2.250.1.999.2',
          submissionSetUniqueId: '1.2.250.1.999.3',
          documentContentId: 'cda@test',
          submissionTime: NOW,
        }),
      ).not.toThrow();
    }
  });

  it('gives the same uniqueIds on every run, different per patient and document', () => {
    const first = demoDocumentsOf(patient, NOW).map((d) => d.uniqueId);
    const again = demoDocumentsOf(patient, new Date()).map((d) => d.uniqueId);
    const other = demoDocumentsOf({
      ...patient,
      ins: { ...patient.ins, matricule: '119043306312359' },
    }).map((d) => d.uniqueId);
    expect(again).toEqual(first);
    expect(new Set([...first, ...other]).size).toBe(6);
    for (const id of first) expect(id).toMatch(/^2\.25\.[1-9][0-9]{0,38}$/);
    expect(nameBasedOid('a')).not.toBe(nameBasedOid('b'));
  });

  it('adds nothing the second time', async () => {
    const sandbox = fakeSandbox();
    expect(await seedOtherAuthorsDocuments(sandbox, [patient], NOW)).toHaveLength(3);
    expect(await seedOtherAuthorsDocuments(sandbox, [patient], NOW)).toEqual([]);
    expect(sandbox.added).toHaveLength(3);
  });

  it('uses authors with 11-digit RPPS and a structure each', () => {
    for (const author of Object.values(OTHER_AUTHORS)) {
      expect(author.rpps).toMatch(/^[0-9]{11}$/);
      expect(author.structure.idNatStruct).toMatch(/^[0-9]+$/);
    }
  });
});
