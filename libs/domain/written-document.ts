import { DomainError } from './domain-error';

/**
 * A document typed online instead of attached ("rédiger un document (texte
 * libre)" on the DMP's web form): it is filed as a text/plain body, so its
 * text must be plain text the DMP takes, and short enough that the CDA wrapping
 * it (base64) stays far under the DMP's 5 MB. 50,000 characters is about
 * twenty pages, more than any bilan or compte-rendu; at four bytes a character
 * at worst it is 200 kB, 270 kB in base64.
 */
export const MAX_WRITTEN_DOCUMENT_LENGTH = 50_000;

/** Line breaks as text/plain writes them (RFC 2046 §4.1.1: CRLF), whatever the browser sent. */
const LINE_BREAK = /\r\n|\r|\n/g;

// Tab and line breaks are text; other control characters (and lone surrogates) cannot be in a text/plain body.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udfff]/u;

/**
 * The typed text as it will be stored and filed: line breaks as CRLF, trailing
 * spaces of the whole text removed. Throws a 400 naming `field` when it is
 * empty, too long, or holds characters a text document cannot.
 */
export function writtenDocumentText(text: unknown, field = 'text'): string {
  if (typeof text !== 'string')
    throw DomainError.invalid(field, 'is required (the document’s text)');
  const normalised = text.replace(LINE_BREAK, '\r\n').trimEnd();
  if (normalised.trim().length === 0) {
    throw DomainError.invalid(field, 'must not be empty: type the document, or attach a file');
  }
  // Counted in characters (code points) as a person counts them, not UTF-16 units.
  const length = [...normalised.replace(/\r\n/g, '\n')].length;
  if (length > MAX_WRITTEN_DOCUMENT_LENGTH) {
    throw DomainError.invalid(
      field,
      `is ${length} characters long, more than the ${MAX_WRITTEN_DOCUMENT_LENGTH} a written document may hold; attach it as a file instead`,
    );
  }
  const bad = FORBIDDEN.exec(normalised);
  if (bad) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0').toUpperCase();
    throw DomainError.invalid(
      field,
      `holds a control character (U+${code}) a text document cannot`,
    );
  }
  return normalised;
}

/** The stored file name of a written document: its title, as a file name, with `.txt`. */
export function writtenDocumentFileName(title: string): string {
  const base = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 80);
  return `${base || 'document'}.txt`;
}
