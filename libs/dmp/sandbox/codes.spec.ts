import { registryErrorOf } from './codes';

describe('registryErrorOf', () => {
  it('takes the IHE code a check sentence starts with, after the entry it names', () => {
    expect(
      registryErrorOf(
        'DocumentEntry urn:uuid:1: XDSNonIdenticalHash: hash differs from the SHA-1',
        'XDSRegistryMetadataError',
      ),
    ).toEqual({
      errorCode: 'XDSNonIdenticalHash',
      codeContext: 'DocumentEntry urn:uuid:1: hash differs from the SHA-1',
      severity: 'Error',
    });
    expect(registryErrorOf('XDSUnknownStoredQuery: urn:x', 'XDSRegistryError')).toMatchObject({
      errorCode: 'XDSUnknownStoredQuery',
      codeContext: 'urn:x',
    });
  });

  it('recognises the checks that have an IHE code without saying it', () => {
    expect(registryErrorOf('uniqueId 1.2.3 appears twice in the submission', 'X').errorCode).toBe(
      'XDSRegistryDuplicateUniqueIdInMessage',
    );
    expect(
      registryErrorOf("DocumentEntry urn:uuid:1: patientId differs from the SubmissionSet's", 'X')
        .errorCode,
    ).toBe('XDSPatientIdDoesNotMatch');
  });

  it('falls back to the given code', () => {
    expect(registryErrorOf('missing languageCode', 'XDSRegistryMetadataError')).toEqual({
      errorCode: 'XDSRegistryMetadataError',
      codeContext: 'missing languageCode',
      severity: 'Error',
    });
  });
});
