import { DmpError } from '../errors';
import {
  buildRetrieveDocumentSetRequest,
  buildRetrieveDocumentSetResponse,
  parseRetrieveDocumentSetRequest,
  parseRetrieveDocumentSetResponse,
} from './retrieve';

const reference = {
  repositoryUniqueId: '1.2.250.1.999.9',
  documentUniqueId: '1.2.250.1.999.1.1.1',
};
const document = { ...reference, mimeType: 'text/xml', contentId: 'doc 1@sandbox.local' };

describe('ITI-43 Retrieve Document Set', () => {
  it('round-trips the request', () => {
    expect(parseRetrieveDocumentSetRequest(buildRetrieveDocumentSetRequest(reference))).toEqual([
      reference,
    ]);
  });

  it('refuses identifiers that are not OIDs', () => {
    expect(() => buildRetrieveDocumentSetRequest({ ...reference, documentUniqueId: 'x' })).toThrow(
      DmpError,
    );
  });

  it('answers with xop:Include references and reads back their Content-IDs', () => {
    const xml = buildRetrieveDocumentSetResponse({ documents: [document] });
    expect(xml).toContain('href="cid:doc%201@sandbox.local"');
    expect(parseRetrieveDocumentSetResponse(xml)).toEqual({
      status: 'Success',
      documents: [document],
      errors: [],
    });
  });

  it('says PartialSuccess when some documents are missing', () => {
    const missing = {
      errorCode: 'XDSDocumentUniqueIdError',
      codeContext: 'inconnu',
      severity: 'Error' as const,
      location: '1.2.3',
    };
    const result = parseRetrieveDocumentSetResponse(
      buildRetrieveDocumentSetResponse({ documents: [document], errors: [missing] }),
    );
    expect(result.status).toBe('PartialSuccess');
    expect(result.errors).toEqual([missing]);
  });

  it('turns a failure into its DmpError', () => {
    const xml = buildRetrieveDocumentSetResponse({
      documents: [],
      errors: [{ errorCode: 'XDSRepositoryBusy', codeContext: 'try later', severity: 'Error' }],
    });
    let error: unknown;
    try {
      parseRetrieveDocumentSetResponse(xml);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DmpError);
    expect((error as DmpError).code).toBe('UNAVAILABLE');
    expect((error as DmpError).retryable).toBe(true);
  });
});
