/**
 * Just enough MIME (RFC 2045/2046) to read reports: header fields, the
 * Content-Type's parameters, the parts of a multipart body. Delivery and
 * disposition reports are machine-written and simple; general mail parsers
 * fold their report parts into the text body, which loses the fields we need.
 */

export type HeaderFields = Array<[name: string, value: string]>;

export interface MimeEntity {
  headers: HeaderFields;
  body: Buffer;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');

/** Splits an entity at the first empty line into its header fields and its body. */
export function parseEntity(raw: Buffer): MimeEntity {
  let at = raw.indexOf(CRLFCRLF);
  let gap = 4;
  const lf = raw.indexOf(LFLF);
  if (lf !== -1 && (at === -1 || lf < at)) {
    at = lf;
    gap = 2;
  }
  if (raw.subarray(0, 2).toString() === '\r\n' || raw[0] === 0x0a) {
    return { headers: [], body: raw.subarray(raw[0] === 0x0a ? 1 : 2) };
  }
  if (at === -1) return { headers: parseFields(raw.toString('utf8')), body: Buffer.alloc(0) };
  return {
    headers: parseFields(raw.subarray(0, at).toString('utf8')),
    body: raw.subarray(at + gap),
  };
}

/** Header fields (or the fields of a report block), unfolded, names lower-cased, in order. */
export function parseFields(text: string): HeaderFields {
  const fields: HeaderFields = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      const last = fields[fields.length - 1];
      last[1] = `${last[1]} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return fields;
}

export function field(fields: HeaderFields, name: string): string | undefined {
  return fields.find(([n]) => n === name)?.[1];
}

/** Blocks of fields separated by empty lines (the per-message and per-recipient blocks of a report). */
export function parseFieldBlocks(text: string): HeaderFields[] {
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map((block) => parseFields(block))
    .filter((block) => block.length > 0);
}

export interface ContentType {
  type: string;
  params: Map<string, string>;
}

export function contentTypeOf(entity: MimeEntity): ContentType {
  const value = field(entity.headers, 'content-type') ?? 'text/plain';
  const [type = 'text/plain', ...rest] = value.split(';');
  const params = new Map<string, string>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq === -1) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    const raw = param.slice(eq + 1).trim();
    params.set(name, raw.startsWith('"') ? raw.slice(1, raw.lastIndexOf('"')) : raw);
  }
  return { type: type.trim().toLowerCase(), params };
}

/** The parts of a multipart entity (empty when it is not one). */
export function partsOf(entity: MimeEntity): MimeEntity[] {
  const { type, params } = contentTypeOf(entity);
  const boundary = params.get('boundary');
  if (!type.startsWith('multipart/') || !boundary) return [];
  const text = entity.body.toString('latin1');
  const delimiter = `--${boundary}`;
  const parts: MimeEntity[] = [];
  const pieces = text.split(new RegExp(`(?:^|\\r?\\n)${escapeRegExp(delimiter)}`));
  for (const piece of pieces.slice(1)) {
    if (piece.startsWith('--')) break;
    // Drop the rest of the delimiter line.
    const start = piece.indexOf('\n');
    parts.push(parseEntity(Buffer.from(piece.slice(start + 1), 'latin1')));
  }
  return parts;
}

/** The body decoded from its Content-Transfer-Encoding. */
export function decodedBody(entity: MimeEntity): Buffer {
  const encoding = (field(entity.headers, 'content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64')
    return Buffer.from(entity.body.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const text = entity.body
      .toString('latin1')
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(text, 'latin1');
  }
  return entity.body;
}

/** Every entity of a message, depth first (the message itself first). */
export function walk(entity: MimeEntity): MimeEntity[] {
  return [entity, ...partsOf(entity).flatMap(walk)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
