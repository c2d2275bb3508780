import { DOMParser, type Document } from '@xmldom/xmldom';
import type { ValueSets } from '../value-sets';
import { schemaErrors } from './cda-schema';
import { headerErrors } from './header-rules';

export interface CdaValidation {
  valid: boolean;
  /** One message per problem, naming the element and what is wrong. */
  errors: string[];
}

/**
 * Checks a CDA as strictly as the DMP would before filing it: the official
 * CDA schema first, then the CI-SIS header rules and value sets the DMP relies
 * on (header-rules.ts). Used by the local DMP sandbox on what it receives, and
 * by tests on what buildCda writes.
 */
export async function validateCda(
  xml: Buffer | Buffer[],
  valueSets: ValueSets,
): Promise<CdaValidation> {
  const bytes = Array.isArray(xml) ? Buffer.concat(xml) : xml;
  const errors = await schemaErrors(bytes);
  const parsed = parse(bytes);
  if (typeof parsed === 'string') {
    // xmllint has usually said it already, with a line number.
    if (!errors.some((e) => e.includes('not well-formed'))) errors.push(parsed);
  } else if (parsed.documentElement) {
    errors.push(...headerErrors(parsed.documentElement, valueSets));
  }
  return { valid: errors.length === 0, errors };
}

function parse(bytes: Buffer): Document | string {
  try {
    return new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(bytes.toString('utf8'), 'text/xml');
  } catch (error: unknown) {
    return `not well-formed: ${error instanceof Error ? error.message : String(error)}`;
  }
}
