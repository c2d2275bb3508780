import { DmpError } from '../errors';
import { AVAILABILITY_STATUS, STORED_QUERY } from './identifiers';
import { provideAndRegisterMetadata } from './submission-metadata';
import {
  buildAdhocQueryResponse,
  parseAdhocQueryResponse,
  parseAdhocQueryResponseEntries,
} from './query-response';
import {
  buildFindDocumentsRequest,
  buildGetDocumentsRequest,
  parseAdhocQueryRequest,
  parseQueryValues,
} from './stored-query';
import { aPatient, anInput, testValueSets } from './test-fixtures';

const valueSets = testValueSets();

function caught(run: () => unknown): DmpError {
  try {
    run();
  } catch (error) {
    if (error instanceof DmpError) return error;
    throw error;
  }
  throw new Error('expected a DmpError');
}

describe('ITI-18 Registry Stored Query', () => {
  it('asks FindDocuments for the patient, Approved, optional types, as LeafClass', () => {
    const xml = buildFindDocumentsRequest({
      patient: aPatient().ins,
      typeCodes: ['47420-5', '11506-3'],
      valueSets,
    });
    expect(xml).toContain('returnType="LeafClass"');
    expect(xml).toContain(`id="${STORED_QUERY.findDocuments}"`);
    expect(parseAdhocQueryRequest(xml)).toEqual({
      kind: 'FindDocuments',
      patientId: '279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH',
      statuses: [AVAILABILITY_STATUS.approved],
      typeCodes: [
        { code: '47420-5', codeSystem: '2.16.840.1.113883.6.1' },
        { code: '11506-3', codeSystem: '2.16.840.1.113883.6.1' },
      ],
      returnType: 'LeafClass',
    });
  });

  it('leaves the typeCode parameter out when no type is asked for', () => {
    const xml = buildFindDocumentsRequest({ patient: aPatient().ins, valueSets });
    expect(xml).not.toContain('$XDSDocumentEntryTypeCode');
    expect(parseAdhocQueryRequest(xml)).toMatchObject({ kind: 'FindDocuments', typeCodes: [] });
  });

  it('refuses a typeCode outside its value set', () => {
    expect(
      caught(() =>
        buildFindDocumentsRequest({ patient: aPatient().ins, typeCodes: ['0000-0'], valueSets }),
      ).code,
    ).toBe('VALUE_NOT_IN_VALUE_SET');
  });

  it('refuses to look for a patient without a qualified INS', () => {
    expect(
      caught(() =>
        buildFindDocumentsRequest({
          patient: { matricule: '279035121518989', oid: '1.2.250.1.213.1.4.2' },
          valueSets,
        }),
      ).code,
    ).toBe('IDENTITY_NOT_QUALIFIED');
  });

  it('asks GetDocuments by uniqueIds', () => {
    const xml = buildGetDocumentsRequest({ uniqueIds: ['1.2.3.4', '1.2.3.5'] });
    expect(parseAdhocQueryRequest(xml)).toEqual({
      kind: 'GetDocuments',
      uniqueIds: ['1.2.3.4', '1.2.3.5'],
      returnType: 'LeafClass',
    });
    expect(caught(() => buildGetDocumentsRequest({ uniqueIds: [] })).code).toBe(
      'INVALID_SUBMISSION',
    );
  });

  it('reads list values split over several rim:Value elements, with doubled quotes', () => {
    expect(parseQueryValues(["('a','it''s')", "('c')"])).toEqual(['a', "it's", 'c']);
    expect(parseQueryValues(["'single'"])).toEqual(['single']);
    expect(() => parseQueryValues(['(unquoted)'])).toThrow(DmpError);
  });

  it('refuses an unknown stored query', () => {
    const xml = buildGetDocumentsRequest({ uniqueIds: ['1.2.3'] }).replace(
      STORED_QUERY.getDocuments,
      'urn:uuid:00000000-0000-0000-0000-000000000000',
    );
    expect(caught(() => parseAdhocQueryRequest(xml)).message).toContain('XDSUnknownStoredQuery');
  });

  describe('response', () => {
    const [filed] = provideAndRegisterMetadata(anInput()).documentEntries;
    const stored = {
      ...filed,
      repositoryUniqueId: '1.2.250.1.999.9',
      status: AVAILABILITY_STATUS.approved,
    };

    it('round-trips the full metadata of each entry', () => {
      expect(parseAdhocQueryResponseEntries(buildAdhocQueryResponse([stored]))).toEqual([stored]);
    });

    it('gives the client a summary of each entry', () => {
      expect(parseAdhocQueryResponse(buildAdhocQueryResponse([stored]))).toEqual([
        {
          entryUUID: stored.entryUUID,
          uniqueId: stored.uniqueId,
          repositoryUniqueId: '1.2.250.1.999.9',
          status: 'Approved',
          typeCode: stored.typeCode,
          title: 'Bilan orthophonique initial',
          creationTime: '20240115103000',
          hash: stored.hash,
          size: Number(stored.size),
          confidentialityCodes: stored.confidentialityCodes,
          patientId: '279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH',
          author: {
            name: 'Camille LEROY',
            rpps: '10101234567',
            specialty: 'Orthophoniste',
            institution: 'Maison de santé des Tilleuls',
          },
          serviceStartTime: '20240110090000',
          mediaType: 'text/xml',
          formatCode: stored.formatCode,
          comments: 'Bilan du langage oral',
        },
      ]);
      expect(parseAdhocQueryResponse(buildAdhocQueryResponse([]))).toEqual([]);
    });

    it('turns a registry failure into its DmpError', () => {
      const xml = buildAdhocQueryResponse(
        [],
        [{ errorCode: 'XDSUnknownPatientId', codeContext: 'patient inconnu', severity: 'Error' }],
      );
      const error = caught(() => parseAdhocQueryResponse(xml));
      expect(error.code).toBe('NO_DMP');
      expect(error.reason).toBe('XDSUnknownPatientId: patient inconnu');
    });

    it('refuses an entry it could not retrieve', () => {
      const xml = buildAdhocQueryResponse([{ ...stored, repositoryUniqueId: undefined }]);
      expect(caught(() => parseAdhocQueryResponse(xml)).code).toBe('UNAVAILABLE');
    });
  });
});
