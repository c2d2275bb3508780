import { AVAILABILITY_STATUS } from './identifiers';
import { authorSummary, buildAdhocQueryResponse, parseAdhocQueryResponse } from './query-response';
import { provideAndRegisterMetadata } from './submission-metadata';
import { anAuthor, anInput } from './test-fixtures';

/** An ITI-41 entry as the registry would answer it to ITI-18. */
function registryEntry(...args: Parameters<typeof anInput>) {
  const [filed] = provideAndRegisterMetadata(anInput(...args)).documentEntries;
  return { ...filed, repositoryUniqueId: '1.2.250.1.999.9', status: AVAILABILITY_STATUS.approved };
}

describe('ITI-18 summary: what a practitioner’s list shows', () => {
  it('reads back the author, service start, media type, format and comments the ITI-41 wrote', () => {
    const [summary] = parseAdhocQueryResponse(buildAdhocQueryResponse([registryEntry()]));

    expect(summary).toMatchObject({
      author: {
        name: 'Camille LEROY',
        rpps: '10101234567',
        specialty: 'Orthophoniste',
        institution: 'Maison de santé des Tilleuls',
      },
      serviceStartTime: '20240110090000',
      mediaType: 'text/xml',
      formatCode: expect.objectContaining({ code: 'urn:ihe:iti:xds-sd:pdf:2008' }),
      comments: 'Bilan du langage oral',
    });
  });

  it('keeps names with HL7 delimiters whole', () => {
    const author = anAuthor({
      familyName: 'DUPONT^MARTIN',
      givenNames: 'Anne & Marie',
      structure: { ...anAuthor().structure, name: 'Cabinet Kiné | Santé' },
    });
    const [summary] = parseAdhocQueryResponse(
      buildAdhocQueryResponse([registryEntry({}, { author })]),
    );

    expect(summary.author).toMatchObject({
      name: 'Anne & Marie DUPONT^MARTIN',
      institution: 'Cabinet Kiné | Santé',
    });
  });

  it('leaves out what the entry does not carry', () => {
    const entry = { ...registryEntry({}, { comment: undefined }), authors: [] };
    const [summary] = parseAdhocQueryResponse(buildAdhocQueryResponse([entry]));

    expect(summary).not.toHaveProperty('author');
    expect(summary).not.toHaveProperty('comments');
  });

  it('gives an RPPS only for an authorPerson on idNat_PS', () => {
    const other = {
      authorPerson: '810101234567^MARTIN^Paul^^^^^^&1.2.250.1.999&ISO^D^^^X',
      authorInstitution: [],
      authorRole: [],
      authorSpecialty: ['G15_70'],
    };
    expect(authorSummary(other)).toEqual({ name: 'Paul MARTIN', specialty: 'G15_70' });
    expect(
      authorSummary({
        authorInstitution: ['Centre de santé Test^^^^^&1.2.250.1.71.4.2.2&ISO^IDNST^^^1123'],
        authorRole: [],
        authorSpecialty: [],
      }),
    ).toEqual({ name: 'Centre de santé Test', institution: 'Centre de santé Test' });
    expect(authorSummary({ authorInstitution: [], authorRole: [], authorSpecialty: [] })).toBe(
      undefined,
    );
  });
});
