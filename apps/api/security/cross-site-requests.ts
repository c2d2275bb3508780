import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ApiConfig } from '@app/config';
import { DomainError } from '@app/domain';
import { SESSION_COOKIE, cookieValue } from '../auth/session-cookie';

/** Methods that change nothing: a cross-site GET cannot act in the user's name. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The origins a browser page of the API itself has: the public URL's, or on
 * loopback (`npm start`) the listen address under each name a browser may use.
 */
export function apiOrigins(api: Pick<ApiConfig, 'host' | 'port' | 'publicUrl'>): string[] {
  if (api.publicUrl) return [new URL(api.publicUrl).origin];
  const host = api.host.includes(':') ? `[${api.host}]` : api.host;
  const names = LOOPBACK_NAMES.includes(host) || host === 'localhost' ? LOOPBACK_NAMES : [host];
  return names.map((name) => `http://${name}:${api.port}`);
}

/**
 * Refuses a state-changing request that carries the session cookie but does
 * not come from a page of the API's own origin (cross-site request forgery):
 * the browser attaches the cookie to a form or a fetch from any site, but says
 * where the request comes from in `Origin` (or `Referer`, for older forms) and
 * `Sec-Fetch-Site`. Runs before the body is read, so a forged request learns
 * nothing of validation. Clients that send no cookie (bearer tokens, a CPS
 * card's TLS) cannot be forged this way and are not concerned.
 */
export function refuseCrossSiteRequests(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || cookieValue(req, SESSION_COOKIE) === undefined) {
      return next();
    }
    const origin = requestOrigin(req);
    if (req.headers['sec-fetch-site'] === 'cross-site' || !origin || !allowed.has(origin)) {
      return next(
        new DomainError(
          'forbidden',
          'this request does not come from a page of this engine: it was refused (cross-site request)',
          [{ field: 'Origin', problem: `must be ${[...allowed].join(' or ')}` }],
        ),
      );
    }
    next();
  };
}

/** Where the browser says the request comes from: `Origin`, or the origin of `Referer`. */
function requestOrigin(req: Request): string | undefined {
  const origin = req.headers.origin;
  if (origin && origin !== 'null') return origin;
  const referer = req.headers.referer;
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
