import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const apiUrl = process.env.VITE_API_URL ?? 'http://127.0.0.1:3000';
/** The API's first path segments: the dev server hands them to the engine (`npm start`). */
const API_PREFIXES = [
  '/auth',
  '/pathways',
  '/patients',
  '/practitioners',
  '/cpts',
  '/indicators',
  '/notifications',
  '/audit',
  '/health',
  '/docs',
];

/**
 * The production build goes to dist/web, which the API serves at `/` (hashed
 * file names under /assets, cached for a year). `npx vite apps/web` is the
 * optional dev server: it proxies the API's routes to a running engine. JSX
 * is compiled by Vite's own transformer (no plugin needed for a build).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
    rolldownOptions: {
      // TanStack Query marks its React modules "use client" (for server components): meaningless here.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: {
    proxy: Object.fromEntries(
      API_PREFIXES.map((prefix) => [prefix, { target: apiUrl, changeOrigin: false }]),
    ),
  },
});
