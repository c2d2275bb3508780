import { randomUUID } from 'node:crypto';

/**
 * The little MIME the sandbox needs to read what it stores and to write its
 * reports: split a message's header block, read one header, decode RFC 2047
 * words, and produce dates, Message-IDs and boundaries. Messages are bytes:
 * nothing here re-encodes a body.
 */

export const CRLF = '\r\n';

/** The header block (up to and without the blank line) and the offset where the body starts. */
export function splitHeaderBlock(raw: Buffer): { headers: Buffer; bodyOffset: number } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) {
    return { headers: raw.subarray(0, crlf + 2), bodyOffset: crlf + 4 };
  }
  if (lf >= 0) return { headers: raw.subarray(0, lf + 1), bodyOffset: lf + 2 };
  return { headers: raw, bodyOffset: raw.length };
}

export interface HeaderField {
  name: string;
  /** Unfolded, trimmed, still encoded. */
  value: string;
}

/** The header fields in order (a message's headers are 7-bit, or UTF-8 with SMTPUTF8). */
export function parseHeaders(raw: Buffer): HeaderField[] {
  const text = splitHeaderBlock(raw).headers.toString('utf8');
  const fields: HeaderField[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      fields[fields.length - 1].value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

/** The first value of a header, case-insensitive name. */
export function headerValue(fields: readonly HeaderField[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return fields.find((field) => field.name.toLowerCase() === lower)?.value;
}

/** The first `<…>` of a header value (Message-ID, In-Reply-To), or the value itself. */
export function firstMessageId(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return /<[^<>\s]+>/.exec(value)?.[0] ?? value.trim();
}

/** The bare address of `"Name" <a@b>` or `a@b`. */
export function bareAddress(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const angle = /<([^<>]*)>/.exec(value);
  const address = (angle ? angle[1] : value).trim();
  return address || undefined;
}

/** Decodes RFC 2047 encoded words (B and Q, any charset Node knows, UTF-8 otherwise). */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(
      /=\?([^?*]+)(?:\*[^?]*)?\?([bBqQ])\?([^?]*)\?=/g,
      (_word, charset: string, kind: string, text: string) => {
        const bytes =
          kind.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : Buffer.from(
                text
                  .replace(/_/g, ' ')
                  .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
                    String.fromCharCode(parseInt(hex, 16)),
                  ),
                'latin1',
              );
        return bytes.toString(/^(iso-8859-1|latin1|us-ascii)$/i.test(charset) ? 'latin1' : 'utf8');
      },
    );
}

/** An RFC 2047 word when the text is not plain ASCII (Subject, display names). */
export function encodeWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

/** RFC 5322 date-time, in UTC. */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

export function newMessageId(domain: string): string {
  return `<${randomUUID()}@${domain}>`;
}

export function newBoundary(): string {
  return `----=_mss-sandbox_${randomUUID()}`;
}

/** Lines longer than this are base64-wrapped at 76 characters, as RFC 2045 asks. */
export function base64Lines(data: Buffer | string): string {
  const encoded = Buffer.from(data).toString('base64');
  return (encoded.match(/.{1,76}/g) ?? []).join(CRLF);
}

/** Bare LF to CRLF, for text the sandbox writes itself. */
export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, CRLF);
}

/** xtext (RFC 3461 §4): ORCPT and ENVID arrive with `+XX` escapes. */
export function decodeXtext(value: string): string {
  return value.replace(/\+([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}
