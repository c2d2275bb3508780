import { createHash } from 'node:crypto';
import { VALUE_SETS } from '../value-sets';
import { ASSOCIATION_TYPE } from './identifiers';
import type { DocumentEntryMetadata, ParsedSubmission } from './metadata';
import {
  buildProvideAndRegisterRequest,
  parseProvideAndRegisterRequest,
} from './provide-and-register';
import { checkSubmission, contentProblems } from './submission-check';
import { FAKE_CDA, anInput, testValueSets } from './test-fixtures';

const valueSets = testValueSets();

/** A well-formed submission as the sandbox receives it, parsed afresh for each tampering. */
const received = (): ParsedSubmission =>
  parseProvideAndRegisterRequest(
    buildProvideAndRegisterRequest(
      anInput(
        { replacedEntryUUID: 'urn:uuid:9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a' },
        { replaces: { uniqueId: '1.2.3.4' } },
      ),
    ),
  );

function tampered(
  change: (submission: ParsedSubmission, entry: DocumentEntryMetadata) => void,
): string[] {
  const submission = received();
  change(submission, submission.documentEntries[0]);
  return checkSubmission(submission, valueSets);
}

describe('checkSubmission', () => {
  it('finds nothing wrong with what the builder writes', () => {
    expect(checkSubmission(received(), valueSets)).toEqual([]);
  });

  it.each<[string, keyof DocumentEntryMetadata]>([
    ['uniqueId', 'uniqueId'],
    ['hash', 'hash'],
    ['size', 'size'],
    ['creationTime', 'creationTime'],
    ['serviceStartTime', 'serviceStartTime'],
    ['languageCode', 'languageCode'],
    ['sourcePatientId', 'sourcePatientId'],
    ['legalAuthenticator', 'legalAuthenticator'],
    ['title', 'title'],
    ['classCode', 'classCode'],
    ['typeCode', 'typeCode'],
    ['formatCode', 'formatCode'],
    ['healthcareFacilityTypeCode', 'healthcareFacilityTypeCode'],
    ['practiceSettingCode', 'practiceSettingCode'],
  ])('reports a missing %s', (name, field) => {
    expect(tampered((_, entry) => delete entry[field])).toEqual(
      expect.arrayContaining([expect.stringContaining(`missing ${name}`)]),
    );
  });

  it('reports missing authors and confidentiality', () => {
    expect(tampered((_, entry) => (entry.authors = []))).toEqual(
      expect.arrayContaining([expect.stringContaining('missing author')]),
    );
    expect(tampered((_, entry) => delete entry.authors[0].authorPerson)).toEqual(
      expect.arrayContaining([expect.stringContaining('missing authorPerson')]),
    );
    expect(tampered((_, entry) => (entry.confidentialityCodes = []))).toEqual(
      expect.arrayContaining([expect.stringContaining('missing confidentialityCode')]),
    );
  });

  it('reports coded values outside their value sets', () => {
    const problems = tampered((submission, entry) => {
      entry.typeCode = { ...entry.typeCode!, code: '99999-9' };
      entry.formatCode = { ...entry.formatCode!, code: 'urn:ihe:iti:xds-sd:gif:2008' };
      entry.practiceSettingCode = { ...entry.practiceSettingCode!, codeSystem: '1.2.3' };
      entry.confidentialityCodes.push({
        code: 'SECRET',
        codeSystem: '1.2.250.1.213.1.1.4.13',
        displayName: '',
      });
      entry.authors[0].authorSpecialty = ['G15_99^Inconnu^1.2.250.1.213.1.1.4.5'];
      submission.submissionSet!.contentTypeCode = {
        code: '99',
        codeSystem: '1.2.250.1.213.2.2',
        displayName: '',
      };
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `typeCode "99999-9" (2.16.840.1.113883.6.1) is not in ${VALUE_SETS.typeCode}`,
        ),
        expect.stringContaining('formatCode "urn:ihe:iti:xds-sd:gif:2008"'),
        expect.stringContaining('practiceSettingCode "AMBULATOIRE" (1.2.3)'),
        expect.stringContaining('confidentialityCode "SECRET"'),
        expect.stringContaining('authorSpecialty "G15_99'),
        expect.stringContaining('contentTypeCode "99"'),
      ]),
    );
  });

  it('reports a classCode that does not match the typeCode', () => {
    expect(
      tampered((_, entry) => (entry.classCode = valueSets.concept('JDV_J57_ClassCode_DMP', '42'))),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining('does not match typeCode "47420-5" (ASS_X16)'),
      ]),
    );
  });

  it('reports a patientId that is not an INS', () => {
    const problems = tampered((submission, entry) => {
      entry.patientId = '279035121518989^^^&1.2.250.1.213.1.4.2&ISO^NH';
      submission.submissionSet!.patientId = 'IPP123^^^&1.2.250.1.999&ISO^PI';
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /patientId: "1\.2\.250\.1\.213\.1\.4\.2" is not an INS assigning authority/,
        ),
        expect.stringMatching(/SubmissionSet patientId: "1\.2\.250\.1\.999" is not an INS/),
      ]),
    );
  });

  it('reports a matricule INS whose NIR key is wrong', () => {
    const problems = tampered((submission, entry) => {
      entry.patientId = '279035121518988^^^&1.2.250.1.213.1.4.10&ISO^NH';
      submission.submissionSet!.patientId = entry.patientId;
    });
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/"279035121518988" has a wrong key/)]),
    );
  });

  it('reports a comment that is too long', () => {
    expect(tampered((_, entry) => (entry.comments = 'x'.repeat(1001)))).toEqual(
      expect.arrayContaining([expect.stringContaining('comments have 1001 characters')]),
    );
  });

  it('reports a forbidden visibility', () => {
    expect(
      tampered((_, entry) =>
        entry.confidentialityCodes.push(
          valueSets.concept(VALUE_SETS.confidentiality, 'INVISIBLE_PATIENT'),
          valueSets.concept(VALUE_SETS.confidentiality, 'MASQUE_PS'),
        ),
      ),
    ).toEqual(expect.arrayContaining([expect.stringContaining('forbidden visibility')]));
  });

  it('reports malformed times, hash, size and identifiers', () => {
    const problems = tampered((submission, entry) => {
      entry.creationTime = '2024-01-15';
      entry.serviceStopTime = '20240101';
      entry.hash = 'not-a-sha1';
      entry.size = '-3';
      entry.uniqueId = 'doc-1';
      entry.mimeType = 'application/pdf';
      submission.submissionSet!.sourceId = 'software';
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('creationTime "2024-01-15"'),
        expect.stringContaining('serviceStopTime is before serviceStartTime'),
        expect.stringContaining('hash "not-a-sha1"'),
        expect.stringContaining('size "-3"'),
        expect.stringContaining('uniqueId "doc-1" is not an OID'),
        expect.stringContaining('mimeType "application/pdf"'),
        expect.stringContaining('sourceId "software" is not an OID'),
      ]),
    );
  });

  it('reports broken associations and documents', () => {
    expect(
      tampered((submission) => {
        submission.associations = submission.associations.filter(
          (a) => a.associationType !== ASSOCIATION_TYPE.hasMember,
        );
      }),
    ).toEqual(
      expect.arrayContaining([expect.stringContaining('is not a member of the SubmissionSet')]),
    );
    expect(
      tampered((submission) => {
        const rplc = submission.associations.find(
          (a) => a.associationType === ASSOCIATION_TYPE.replace,
        )!;
        rplc.targetObject = '1.2.3.4';
      }),
    ).toEqual(expect.arrayContaining([expect.stringContaining('not an entryUUID')]));
    expect(tampered((submission) => (submission.documents = []))).toEqual(
      expect.arrayContaining([expect.stringContaining('XDSMissingDocument')]),
    );
    expect(
      tampered((submission) => (submission.submissionSet!.classifiedAsSubmissionSet = false)),
    ).toEqual(
      expect.arrayContaining([expect.stringContaining('not classified as a SubmissionSet')]),
    );
  });

  it('finds problems in a tampered message, not only in tampered objects', () => {
    const xml = buildProvideAndRegisterRequest(anInput())
      .replace('nodeRepresentation="SA52"', 'nodeRepresentation="SA99"')
      .replace(/<rim:Slot name="hash">.*?<\/rim:Slot>/, '');
    expect(checkSubmission(parseProvideAndRegisterRequest(xml), valueSets)).toEqual([
      expect.stringContaining('missing hash'),
      expect.stringContaining('healthcareFacilityTypeCode "SA99"'),
    ]);
  });
});

describe('contentProblems', () => {
  const sha1 = createHash('sha1').update(FAKE_CDA).digest('hex');

  it('accepts the bytes the metadata describes', () => {
    expect(
      contentProblems(
        { hash: sha1, size: String(FAKE_CDA.byteLength) },
        { sha1, byteLength: FAKE_CDA.byteLength },
      ),
    ).toEqual([]);
  });

  it('reports a hash or size that differ from the received bytes', () => {
    expect(
      contentProblems({ hash: sha1, size: '1' }, { sha1: '0'.repeat(40), byteLength: 2 }),
    ).toEqual([
      expect.stringContaining('XDSNonIdenticalHash'),
      expect.stringContaining('XDSNonIdenticalSize'),
    ]);
  });
});
