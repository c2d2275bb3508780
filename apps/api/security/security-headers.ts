import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** HSTS for a year, subdomains included: once a browser has seen the engine over https, never plain http. */
const HSTS_SECONDS = 365 * 24 * 3600;

/**
 * The security headers of every answer (helmet): nothing is sniffed into
 * another type, no page of the engine can be framed (clickjacking), scripts,
 * styles and connections come from the engine's own origin only (the Swagger
 * page at /docs loads its files from there too), no URL — which may hold a
 * pathway id — leaks to another site in `Referer`, and over https browsers
 * are told to never come back over plain http.
 */
export function securityHeaders(options: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'connect-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        // Swagger UI sets inline styles; no style or font comes from elsewhere.
        'style-src': ["'self'", "'unsafe-inline'"],
        'font-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'frame-ancestors': ["'none'"],
        // On plain-http loopback (`npm start`) upgrading would break every request of the page.
        'upgrade-insecure-requests': options.https ? [] : null,
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.https
      ? { maxAge: HSTS_SECONDS, includeSubDomains: true }
      : false,
  });
}
