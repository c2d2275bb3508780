import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type RequestHandler, Router } from 'express';

/**
 * The first path segments of the web app's pages (apps/web/src/app.tsx). A
 * navigation to one of them gets the app's index.html, whatever follows (a
 * bookmarked `/parcours/<id>` works); every other path is the API's, so a
 * link to `/pathways/<id>/justification.pdf` still reaches its route.
 */
export const WEB_PAGES = [
  'connexion',
  'parcours',
  'situation-exercice',
  'mes-patients',
  'mes-notifications',
  'tableau-de-bord',
  'relances',
  'organisation',
  'journal-audit',
] as const;

/** Vite names every built file after its content: one name, one content, cached for good. */
const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * Where `npm run build` writes the web app: `dist/web`, beside the compiled
 * API (dist/apps/api/web → dist/web), or from the sources (tests) at the root.
 */
export function builtWebApp(): string | undefined {
  return [resolve(__dirname, '../../../web'), resolve(__dirname, '../../../dist/web')].find((dir) =>
    existsSync(join(dir, 'index.html')),
  );
}

/**
 * Serves the web app: hashed assets with long-lived caching, and index.html
 * (never cached: it names the current assets) at `/` and under the pages'
 * paths. Without a build, those paths say how to make one.
 */
export function webApp(dir = builtWebApp()): RequestHandler {
  const router = Router();
  const pages = new RegExp(`^/(${WEB_PAGES.join('|')})(/|$)`);
  const index = dir ? readFileSync(join(dir, 'index.html')) : undefined;
  const sendIndex: RequestHandler = (_req, res) => {
    if (!index) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send("L'application web n'est pas construite : lancez `npm run build` (ou `npm start`).");
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(index);
  };
  if (dir) {
    router.use(
      '/assets',
      express.static(join(dir, 'assets'), {
        index: false,
        fallthrough: false,
        setHeaders: (res) => res.setHeader('Cache-Control', HASHED_ASSET_CACHE),
      }),
    );
  }
  router.get('/', sendIndex);
  router.get(pages, sendIndex);
  return router;
}
