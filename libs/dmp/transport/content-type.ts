/**
 * MIME Content-Type values (RFC 2045 §5.1): a media type and parameters whose
 * values may be quoted strings with backslash escapes, as MTOM's
 * `start="<root@x>"` and `type="application/xop+xml"` are.
 */
export interface ContentType {
  /** Lower-cased, e.g. multipart/related. */
  mediaType: string;
  /** Parameter names lower-cased; values unquoted. */
  parameters: Map<string, string>;
}

export function parseContentType(header: string): ContentType {
  const semicolon = header.indexOf(';');
  const mediaType = (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  const parameters = new Map<string, string>();
  let rest = semicolon < 0 ? '' : header.slice(semicolon + 1);
  for (;;) {
    const match = /^[\s;]*([^=\s;]+)\s*=\s*/.exec(rest);
    if (!match) break;
    const name = match[1].toLowerCase();
    rest = rest.slice(match[0].length);
    let value = '';
    if (rest.startsWith('"')) {
      let i = 1;
      for (; i < rest.length && rest[i] !== '"'; i++) {
        if (rest[i] === '\\' && i + 1 < rest.length) i++;
        value += rest[i];
      }
      rest = rest.slice(i + 1);
    } else {
      const end = rest.search(/[;\s]/);
      value = end < 0 ? rest : rest.slice(0, end);
      rest = end < 0 ? '' : rest.slice(end);
    }
    if (!parameters.has(name)) parameters.set(name, value);
  }
  return { mediaType, parameters };
}

/** RFC 2045 tspecials and spaces force quoting. */
const NEEDS_QUOTES = /[()<>@,;:\\"/[\]?=\s]/;

export function formatContentType(
  mediaType: string,
  parameters: Readonly<Record<string, string | undefined>> = {},
): string {
  const rendered = Object.entries(parameters).flatMap(([name, value]) =>
    value === undefined ? [] : [formatParameter(name, value)],
  );
  return [mediaType, ...rendered].join('; ');
}

/** One `name=value` parameter, quoted when the value needs it. */
export function formatParameter(name: string, value: string): string {
  return `${name}=${quoteIfNeeded(value)}`;
}

function quoteIfNeeded(value: string): string {
  if (value !== '' && !NEEDS_QUOTES.test(value)) return value;
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}
