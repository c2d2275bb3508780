import { webReturnPath } from './auth.controller';

describe('the page a web login comes back to', () => {
  it.each(['/', '/parcours/2b1c?onglet=documents', '/tableau-de-bord?cpts=a&du=2026-01-01'])(
    'keeps a path of this site: %s',
    (path) => expect(webReturnPath(path)).toBe(path),
  );

  it.each([
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example',
    'parcours',
    '/parcours\nSet-Cookie: x',
    '/parcours avec espace',
    `/${'a'.repeat(600)}`,
    undefined,
    ['/a', '/b'],
  ])('refuses anything else: %p', (value) => expect(webReturnPath(value)).toBeUndefined());
});
