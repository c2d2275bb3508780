import type { Request } from 'express';

/** The session cookie: an opaque token, httpOnly, its SHA-256 the only trace server-side. */
export const SESSION_COOKIE = 'acces_direct_session';

/** The session token of a request, from its Cookie header (no cookie parser needed for one cookie). */
export function sessionToken(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
