import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CONFORMANCE_DIR } from './value-sets';

/**
 * The engine ships copies of the official ANS conformance files (so that a
 * deployment does not depend on the workspace's shared folder); they must stay
 * the official ones, byte for byte.
 */
const SHARED = resolve(__dirname, '../../../shared/conformance/cda');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

// A checkout on its own has nothing to compare with; CI always has ../shared, and fails without it.
const comparable = existsSync(SHARED) || process.env.CI === 'true';

(comparable ? describe : describe.skip)('vendored conformance files', () => {
  beforeAll(() => {
    if (!existsSync(SHARED))
      throw new Error(`${SHARED} is missing: the official files cannot be compared`);
  });

  it('has the CDA schema exactly as shared', () => {
    const ours = join(CONFORMANCE_DIR, 'cda-schema');
    for (const file of files(join(SHARED, 'infrastructure/cda'))) {
      const copy = join(ours, relative(join(SHARED, 'infrastructure/cda'), file));
      expect(readFileSync(copy).equals(readFileSync(file))).toBe(true);
    }
  });

  it('has the CI-SIS value sets and the official example exactly as shared', () => {
    for (const file of readdirSync(join(CONFORMANCE_DIR, 'jeux-de-valeurs'))) {
      const original = readFileSync(join(SHARED, 'jeuxDeValeurs', file));
      expect(readFileSync(join(CONFORMANCE_DIR, 'jeux-de-valeurs', file)).equals(original)).toBe(
        true,
      );
    }
    const example = 'DOC_NON_STRUCTURE_CDA-R2-N1.xml';
    expect(
      readFileSync(join(CONFORMANCE_DIR, example)).equals(
        readFileSync(join(SHARED, 'ExemplesCDA', example)),
      ),
    ).toBe(true);
  });
});
