import { MssError, parseMssAddress } from '@app/mss';

/**
 * What is wrong with a professional MSSanté address, or undefined: the same
 * check as a CPTS's coordinator address in PATCH /cpts/{id}. A patient's
 * Mon espace santé address is refused: the engine never writes health data
 * about a patient to a practitioner's mailbox that is in fact a patient's.
 */
export function mssAddressProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be an MSSanté address';
  try {
    const address = parseMssAddress(value);
    return address.kind === 'patient' ? 'must be a professional address' : undefined;
  } catch (error) {
    if (error instanceof MssError) return error.message;
    throw error;
  }
}

/** The address as the engine keeps it (domain in lower case), once checked. */
export function professionalMssAddress(value: string): string {
  return parseMssAddress(value).address;
}
