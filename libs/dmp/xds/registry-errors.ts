import { DmpError, type DmpErrorCode } from '../errors';
import type { RegistryError, RegistryResponse } from './registry-response';

/**
 * What the registry's error codes (ITI TF-3 Table 4.2.4.1-2) mean for the
 * workflow. The registry being busy is worth another try later; an unknown
 * patient means there is no DMP to file in; everything else is a rejection a
 * person has to look at, with the registry's words as the reason.
 */
const CODE_FOR_ERROR: Readonly<Record<string, DmpErrorCode>> = {
  XDSRegistryBusy: 'UNAVAILABLE',
  XDSRegistryOutOfResources: 'UNAVAILABLE',
  XDSRepositoryBusy: 'UNAVAILABLE',
  XDSRepositoryOutOfResources: 'UNAVAILABLE',
  XDSRegistryNotAvailable: 'UNAVAILABLE',
  XDSUnavailableCommunity: 'UNAVAILABLE',
  XDSUnknownPatientId: 'NO_DMP',
};

/** When several errors come back, the one that decides: retry first, then no DMP. */
const PRECEDENCE: readonly DmpErrorCode[] = ['UNAVAILABLE', 'NO_DMP', 'DOCUMENT_REJECTED'];

export function dmpErrorCodeFor(errorCode: string): DmpErrorCode {
  return CODE_FOR_ERROR[errorCode] ?? 'DOCUMENT_REJECTED';
}

const describe = (e: RegistryError): string =>
  [e.errorCode, e.codeContext].filter(Boolean).join(': ') + (e.location ? ` (${e.location})` : '');

/** The DmpError a failed response stands for, or undefined when it succeeded. */
export function dmpErrorFor(response: RegistryResponse): DmpError | undefined {
  const errors = response.errors.filter((e) => e.severity === 'Error');
  if (response.status === 'Success' && errors.length === 0) return undefined;
  if (errors.length === 0) {
    return new DmpError(
      'DOCUMENT_REJECTED',
      `the registry answered ${response.status} without saying why`,
      response.status,
    );
  }
  const codes = errors.map((e) => dmpErrorCodeFor(e.errorCode));
  const code = PRECEDENCE.find((c) => codes.includes(c)) ?? 'DOCUMENT_REJECTED';
  const reason = errors.map(describe).join('; ');
  return new DmpError(code, `the registry refused the request: ${reason}`, reason);
}

/** Throws the DmpError a failed response stands for. */
export function assertRegistrySuccess(response: RegistryResponse): void {
  const error = dmpErrorFor(response);
  if (error) throw error;
}
