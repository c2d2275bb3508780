import { ValueSets } from '../value-sets';
import { buildCda } from './build-cda';
import { readUnstructuredBody } from './read-body';
import { sampleSubmission } from './sample-submission';

describe('readUnstructuredBody', () => {
  const valueSets = ValueSets.load();

  it('gives back the very bytes a level-1 CDA wraps', () => {
    for (const content of [
      { mediaType: 'text/plain', bytes: Buffer.from('Bilan rédigé en ligne\r\nLigne 2', 'utf8') },
      { mediaType: 'application/pdf', bytes: sampleSubmission().content.bytes },
    ]) {
      const cda = buildCda(sampleSubmission(content), valueSets);
      const body = readUnstructuredBody(Buffer.concat(cda.chunks));
      expect(body.mediaType).toBe(content.mediaType);
      expect(body.bytes.equals(content.bytes)).toBe(true);
    }
  });

  it('refuses what is not a level-1 CDA', () => {
    expect(() => readUnstructuredBody(Buffer.from('not xml'))).toThrow(/not XML/);
    expect(() =>
      readUnstructuredBody(
        Buffer.from(
          '<ClinicalDocument xmlns="urn:hl7-org:v3"><component><structuredBody/></component></ClinicalDocument>',
        ),
      ),
    ).toThrow(/no nonXMLBody/);
  });
});
