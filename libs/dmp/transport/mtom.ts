import { randomBytes, randomUUID } from 'node:crypto';
import { formatContentType, parseContentType } from './content-type';
import { type HttpBody, httpBody } from './http-body';
import { SOAP12_MEDIA_TYPE } from './soap';

/**
 * MTOM/XOP framing (SOAP 1.2 MTOM, XOP 1.0) of a SOAP message and its binary
 * parts: the document travels as raw bytes in its own MIME part, referenced
 * from the XML by `<xop:Include href="cid:…"/>`, instead of 4/3 as much
 * base64 inside the XML.
 */

export const XOP_NAMESPACE = 'http://www.w3.org/2004/08/xop/include';
const XOP_MEDIA_TYPE = 'application/xop+xml';
const CRLF = '\r\n';

export interface MtomAttachment {
  /** Content-ID without angle brackets; the XML refers to it as `cid:<contentId>`. */
  contentId: string;
  mediaType: string;
  /** The bytes, in as many pieces as the caller has them: they are never concatenated. */
  chunks: Buffer[];
}

/** A Content-ID for an attachment (or the root part): unique, and safe in a `cid:` URL as is. */
export function newContentId(): string {
  return `${randomUUID()}@acces-direct.local`;
}

/** The `href` of the `xop:Include` that stands for the attachment in the XML. */
export function cidHref(contentId: string): string {
  return `cid:${contentId}`;
}

/** The Content-ID an `xop:Include` href points to (RFC 2392: `cid:` then a URL-encoded id). */
export function contentIdOfHref(href: string): string {
  const id = href.replace(/^cid:/i, '');
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

export interface MtomMessage {
  /** The SOAP envelope, with `xop:Include` elements where attachments go. */
  rootXml: string;
  attachments: readonly MtomAttachment[];
  /** The SOAP action, repeated as a parameter of the multipart type as IHE examples do. */
  action?: string;
}

/**
 * Frames a SOAP envelope and its attachments as multipart/related; the
 * attachment buffers are referenced, not copied, so a 7 MB document costs no
 * second 7 MB.
 */
export function writeMtom(message: MtomMessage): HttpBody {
  const boundary = `MIMEBoundary_${randomBytes(24).toString('hex')}`;
  const rootId = `root.${newContentId()}`;
  const chunks: Buffer[] = [];
  const push = (chunk: Buffer): void => {
    if (chunk.length > 0) chunks.push(chunk);
  };
  const partHeader = (first: boolean, contentType: string, contentId: string): Buffer =>
    Buffer.from(
      `${first ? '' : CRLF}--${boundary}${CRLF}` +
        `Content-Type: ${contentType}${CRLF}` +
        `Content-Transfer-Encoding: binary${CRLF}` +
        `Content-ID: <${contentId}>${CRLF}${CRLF}`,
      'utf8',
    );

  push(
    partHeader(
      true,
      formatContentType(XOP_MEDIA_TYPE, { charset: 'UTF-8', type: SOAP12_MEDIA_TYPE }),
      rootId,
    ),
  );
  push(Buffer.from(message.rootXml, 'utf8'));
  for (const attachment of message.attachments) {
    if (/[<>\s]/.test(attachment.contentId)) {
      throw new Error(`invalid Content-ID "${attachment.contentId}": no brackets or spaces`);
    }
    push(partHeader(false, attachment.mediaType, attachment.contentId));
    for (const chunk of attachment.chunks) push(chunk);
  }
  push(Buffer.from(`${CRLF}--${boundary}--${CRLF}`, 'utf8'));

  return httpBody(
    formatContentType('multipart/related', {
      type: XOP_MEDIA_TYPE,
      boundary,
      start: `<${rootId}>`,
      'start-info': SOAP12_MEDIA_TYPE,
      action: message.action,
    }),
    chunks,
  );
}

export interface ParsedMtom {
  rootXml: string;
  /** By Content-ID, without angle brackets. */
  attachments: Map<string, Buffer>;
  /** The SOAP action from the Content-Type, when the sender put it there. */
  action?: string;
}

export class MalformedMimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedMimeError';
  }
}

/**
 * Reads an incoming SOAP body: multipart/related (MTOM) or plain SOAP XML.
 * Tolerant of what peers do in practice: LF instead of CRLF, quoted or bare
 * boundary, Content-ID with or without angle brackets, a missing `start`
 * (the first part is then the root), base64 parts.
 */
export function parseMtom(body: Buffer, contentTypeHeader?: string): ParsedMtom {
  const contentType = parseContentType(contentTypeHeader ?? '');
  const action = contentType.parameters.get('action') ?? startInfoAction(contentType.parameters);
  const multipart = contentType.mediaType === '' || contentType.mediaType.startsWith('multipart/');
  const boundary =
    contentType.parameters.get('boundary') ?? (multipart ? sniffBoundary(body) : undefined);
  if (!boundary) {
    const charset = contentType.parameters.get('charset');
    return {
      rootXml: body.toString(isLatin1(charset) ? 'latin1' : 'utf8'),
      attachments: new Map(),
      action,
    };
  }

  const parts = splitMultipart(body, boundary);
  if (parts.length === 0) throw new MalformedMimeError('multipart body without parts');
  const start = contentType.parameters.get('start');
  const startId = start ? bareContentId(start) : undefined;
  const rootIndex = Math.max(
    0,
    parts.findIndex((part) => startId !== undefined && part.contentId === startId),
  );
  const root = parts[rootIndex];
  const charset = parseContentType(root.headers.get('content-type') ?? '').parameters.get(
    'charset',
  );
  const attachments = new Map<string, Buffer>();
  parts.forEach((part, index) => {
    if (index !== rootIndex && part.contentId !== undefined) {
      attachments.set(part.contentId, part.content);
    }
  });
  return {
    rootXml: root.content.toString(isLatin1(charset) ? 'latin1' : 'utf8'),
    attachments,
    action,
  };
}

interface MimePart {
  headers: Map<string, string>;
  contentId?: string;
  content: Buffer;
}

function splitMultipart(body: Buffer, boundary: string): MimePart[] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  let position = findDelimiter(body, delimiter, 0);
  if (position < 0) throw new MalformedMimeError('multipart boundary not found in the body');
  const parts: MimePart[] = [];
  for (;;) {
    let cursor = position + delimiter.length;
    if (body[cursor] === 0x2d && body[cursor + 1] === 0x2d) break; // closing "--boundary--"
    cursor = skipLineEnd(body, cursor);
    const headersEnd = findHeadersEnd(body, cursor);
    if (!headersEnd) throw new MalformedMimeError('MIME part without a header section end');
    const headers = parseHeaders(body.toString('latin1', cursor, headersEnd.at));
    const next = findDelimiter(body, delimiter, headersEnd.contentStart);
    if (next < 0) throw new MalformedMimeError('multipart body without closing boundary');
    const contentEnd = body[next - 2] === 0x0d ? next - 2 : next - 1;
    const raw = body.subarray(
      headersEnd.contentStart,
      Math.max(headersEnd.contentStart, contentEnd),
    );
    const encoding = (headers.get('content-transfer-encoding') ?? 'binary').toLowerCase();
    const contentIdHeader = headers.get('content-id');
    parts.push({
      headers,
      ...(contentIdHeader ? { contentId: bareContentId(contentIdHeader) } : {}),
      content: encoding === 'base64' ? Buffer.from(raw.toString('latin1'), 'base64') : raw,
    });
    position = next;
  }
  return parts;
}

/** A delimiter counts at the very start of the body or right after a line feed. */
function findDelimiter(body: Buffer, delimiter: Buffer, from: number): number {
  for (let at = body.indexOf(delimiter, from); at >= 0; at = body.indexOf(delimiter, at + 1)) {
    if (at === 0 || body[at - 1] === 0x0a) return at;
  }
  return -1;
}

/** After a delimiter: optional transport padding (spaces, tabs), then CRLF or LF. */
function skipLineEnd(body: Buffer, from: number): number {
  let cursor = from;
  while (body[cursor] === 0x20 || body[cursor] === 0x09) cursor++;
  if (body[cursor] === 0x0d) cursor++;
  if (body[cursor] === 0x0a) cursor++;
  return cursor;
}

function findHeadersEnd(
  body: Buffer,
  from: number,
): { at: number; contentStart: number } | undefined {
  // A part without headers starts straight with its blank line.
  if (body[from] === 0x0a) return { at: from, contentStart: from + 1 };
  if (body[from] === 0x0d && body[from + 1] === 0x0a) return { at: from, contentStart: from + 2 };
  const crlf = body.indexOf('\r\n\r\n', from, 'latin1');
  const lf = body.indexOf('\n\n', from, 'latin1');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, contentStart: crlf + 4 };
  if (lf >= 0) return { at: lf, contentStart: lf + 2 };
  return undefined;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  // Folded lines (starting with a space or tab) continue the previous header.
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function bareContentId(value: string): string {
  return value.trim().replace(/^<(.*)>$/, '$1');
}

/** Some peers omit the boundary parameter; the body's first line tells it. */
function sniffBoundary(body: Buffer): string | undefined {
  const head = body.toString('latin1', 0, Math.min(body.length, 1024)).replace(/^\s+/, '');
  const match = /^--([^\r\n]{1,200}?)[ \t]*\r?\n/.exec(head);
  return match ? match[1] : undefined;
}

/** WCF-style: `start-info="application/soap+xml; action=\"…\""`. */
function startInfoAction(parameters: Map<string, string>): string | undefined {
  const startInfo = parameters.get('start-info');
  return startInfo ? parseContentType(startInfo).parameters.get('action') : undefined;
}

function isLatin1(charset: string | undefined): boolean {
  return charset !== undefined && /^(iso-8859-1|latin1)$/i.test(charset);
}
