/**
 * Certificates and CRLs arrive as DER bytes (node:tls), PEM (files,
 * configuration) or as text mangled by a TLS-terminating proxy. Everything
 * becomes DER here, once, so that the rest reads one form.
 */

/** DER bytes, or text: PEM, URL-encoded PEM, or bare base64 DER. */
export type DerOrText = Buffer | Uint8Array | string;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The DER elements a value holds, in order. Text may be:
 *  - PEM, one or more blocks of the accepted labels, with any whitespace
 *    inside the base64 (nginx's `$ssl_client_cert` indents lines with a tab;
 *    some proxies turn newlines into spaces);
 *  - URL-encoded PEM (nginx `$ssl_client_escaped_cert`, AWS ALB
 *    `X-Amzn-Mtls-Clientcert`): decoded first. `+` is kept as `+`: it is
 *    base64, not a form-encoded space;
 *  - bare base64 DER, several separated by commas (Traefik's
 *    `X-Forwarded-Tls-Client-Cert` strips the PEM armour).
 * Throws an Error (the caller words it for its users) when nothing usable is found.
 */
export function derElementsOf(input: DerOrText, labels: readonly string[]): Buffer[] {
  if (typeof input !== 'string') {
    const der = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (der.length === 0) throw new Error('empty input');
    return [der];
  }
  let text = input.trim();
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      throw new Error('malformed URL encoding');
    }
  }
  if (text.includes('-----BEGIN ')) {
    const blocks = [...text.matchAll(PEM_BLOCK)].filter(([, label]) => labels.includes(label));
    if (blocks.length === 0) throw new Error(`no PEM block labelled ${labels.join(' or ')}`);
    return blocks.map(([, , body]) => base64ToDer(body));
  }
  const parts = text.split(',').map((part) => part.trim());
  if (parts.some((part) => part === '')) throw new Error('empty input');
  return parts.map(base64ToDer);
}

function base64ToDer(body: string): Buffer {
  const compact = body.replace(/\s+/g, '');
  // Buffer.from(…, 'base64') skips what is not base64: check first, so that
  // garbage is refused instead of read as a few random bytes.
  if (!BASE64.test(compact) || compact.length % 4 === 1) throw new Error('not base64');
  return Buffer.from(compact, 'base64');
}
