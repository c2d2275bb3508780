import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSvs } from '../value-sets';
import { ADMINISTRATIVE_GENDER } from './administrative-gender';

/** The three concepts written by hand must stay those of the official set. */
const J143 = resolve(
  __dirname,
  '../../../../shared/conformance/cda/jeuxDeValeurs/JDV_J143_AdministrativeGender_CISIS.xml',
);

describe('administrative gender', () => {
  it('is JDV_J143 AdministrativeGender CI-SIS', () => {
    if (!existsSync(J143))
      throw new Error(`${J143} is missing: the official set cannot be compared`);
    const official = parseSvs('JDV_J143_AdministrativeGender_CISIS', readFileSync(J143, 'utf8'));
    expect(official.oid).toBe('1.2.250.1.213.1.1.5.590');
    const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
    expect(Object.values(ADMINISTRATIVE_GENDER).sort(byCode)).toEqual(
      [...official.concepts].sort(byCode),
    );
  });
});
