import { buildCda } from '../cda';
import { sampleSubmission } from '../cda/sample-submission';
import { ValueSets } from '../value-sets';
import { readCdaFacts } from './cda-facts';

describe('readCdaFacts', () => {
  const valueSets = ValueSets.load();

  it('reads what the sandbox compares with the metadata', () => {
    const submission = sampleSubmission();
    const facts = readCdaFacts(Buffer.concat(buildCda(submission, valueSets).chunks));
    expect(facts).toEqual({
      id: submission.uniqueId,
      setId: submission.setId,
      versionNumber: 1,
      code: { code: '47420-5', codeSystem: '2.16.840.1.113883.6.1' },
      patientIns: submission.patient.ins,
      replacedIds: [],
    });
  });

  it('reads the replaced document of a corrected version', () => {
    const submission = {
      ...sampleSubmission(),
      uniqueId: '1.2.250.1.999.1.1.20250314.2',
      versionNumber: 2,
      replaces: { uniqueId: '1.2.250.1.999.1.1.20250314.1' },
    };
    const facts = readCdaFacts(Buffer.concat(buildCda(submission, valueSets).chunks));
    expect(facts).toMatchObject({
      versionNumber: 2,
      replacedIds: ['1.2.250.1.999.1.1.20250314.1'],
    });
  });

  it('gives nothing for something that is not a CDA', () => {
    expect(readCdaFacts(Buffer.from('<other/>'))).toMatchObject({
      id: undefined,
      patientIns: undefined,
      replacedIds: [],
    });
  });
});
