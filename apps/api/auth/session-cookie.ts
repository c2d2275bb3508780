import type { Request } from 'express';

/** The session cookie: an opaque token, httpOnly, its SHA-256 the only trace server-side. */
export const SESSION_COOKIE = 'acces_direct_session';

/** The token of `Authorization: Bearer …`, if the request has one. */
export function bearerToken(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/**
 * The engine session token of a request: the bearer token (a logiciel métier
 * that logged in through /auth) or the session cookie (a browser).
 */
export function sessionToken(req: Request): string | undefined {
  return bearerToken(req) ?? cookieValue(req, SESSION_COOKIE);
}

/** One cookie of the request (no cookie parser needed for the engine's two cookies). */
export function cookieValue(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      // A malformed escape cannot be a token the engine issued.
      return '';
    }
  }
  return undefined;
}
