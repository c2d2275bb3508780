import { DmpError } from '../errors';
import { assertRegistrySuccess, dmpErrorFor } from './registry-errors';
import {
  buildRegistryResponse,
  parseRegistryResponse,
  type RegistryError,
} from './registry-response';

const error = (errorCode: string, severity: 'Error' | 'Warning' = 'Error'): RegistryError => ({
  errorCode,
  codeContext: `${errorCode} context`,
  severity,
});

describe('RegistryResponse', () => {
  it('answers Success without errors', () => {
    const xml = buildRegistryResponse();
    expect(xml).toContain('ResponseStatusType:Success');
    expect(parseRegistryResponse(xml)).toEqual({ status: 'Success', errors: [] });
  });

  it('answers Failure with an error, Success with warnings only', () => {
    const failed = parseRegistryResponse(
      buildRegistryResponse({
        errors: [error('XDSRegistryMetadataError'), error('XDSExtraMetadataNotSaved', 'Warning')],
      }),
    );
    expect(failed.status).toBe('Failure');
    expect(failed.errors).toEqual([
      error('XDSRegistryMetadataError'),
      error('XDSExtraMetadataNotSaved', 'Warning'),
    ]);
    expect(
      parseRegistryResponse(
        buildRegistryResponse({ errors: [error('XDSExtraMetadataNotSaved', 'Warning')] }),
      ).status,
    ).toBe('Success');
  });

  it('refuses something that is not a RegistryResponse', () => {
    expect(() => parseRegistryResponse('<nope/>')).toThrow(DmpError);
    expect(() => parseRegistryResponse('<rs:RegistryResponse')).toThrow(DmpError);
  });
});

describe('registry errors as DmpError', () => {
  const mapped = (...errors: RegistryError[]): DmpError | undefined =>
    dmpErrorFor({ status: errors.length ? 'Failure' : 'Success', errors });

  it.each([
    ['XDSDuplicateUniqueIdInRegistry', 'DOCUMENT_REJECTED'],
    ['XDSRegistryMetadataError', 'DOCUMENT_REJECTED'],
    ['XDSRepositoryError', 'DOCUMENT_REJECTED'],
    ['XDSNonIdenticalHash', 'DOCUMENT_REJECTED'],
    ['XDSUnknownPatientId', 'NO_DMP'],
    ['XDSRegistryBusy', 'UNAVAILABLE'],
    ['XDSRegistryOutOfResources', 'UNAVAILABLE'],
    ['XDSRepositoryBusy', 'UNAVAILABLE'],
  ])('%s → %s, with the code and text as reason', (code, expected) => {
    const dmpError = mapped(error(code));
    expect(dmpError?.code).toBe(expected);
    expect(dmpError?.reason).toBe(`${code}: ${code} context`);
    expect(dmpError?.retryable).toBe(expected === 'UNAVAILABLE');
  });

  it('lets a busy registry decide over other errors, and keeps every reason', () => {
    const dmpError = mapped(error('XDSRegistryMetadataError'), error('XDSRegistryBusy'));
    expect(dmpError?.code).toBe('UNAVAILABLE');
    expect(dmpError?.reason).toContain('XDSRegistryMetadataError');
  });

  it('ignores warnings and success', () => {
    expect(mapped()).toBeUndefined();
    expect(
      dmpErrorFor({ status: 'Success', errors: [error('XDSExtraMetadataNotSaved', 'Warning')] }),
    ).toBeUndefined();
    expect(() => assertRegistrySuccess({ status: 'Failure', errors: [] })).toThrow(DmpError);
  });
});
