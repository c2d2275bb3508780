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
 * that logged in through /auth) or the session cookie (a browser; no cookie
 * parser needed for one cookie).
 */
export function sessionToken(req: Request): string | undefined {
  const bearer = bearerToken(req);
  if (bearer) return bearer;
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
