import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CONFORMANCE_DIR, VALUE_SETS } from '../value-sets';
import { classCodeFor } from './class-code';
import { DEFAULT_CONTENT_TYPE_CODE, contentTypeCodeFor } from './content-type';
import { formatCodeFor } from './format-code';
import { testValueSets } from './test-fixtures';
import { TYPE_CODES_OF_CLASS, XDS_VALUE_SETS } from './value-set-names';

const COMPLEMENTS = join(CONFORMANCE_DIR, 'complements');
const valueSets = testValueSets();

describe('complement value sets', () => {
  const files = readdirSync(COMPLEMENTS).filter((f) => f.endsWith('.xml'));

  it('names every file as a value-set key and says where its codes come from', () => {
    for (const file of files) {
      expect(basename(file, '.xml')).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
      const xml = readFileSync(join(COMPLEMENTS, file), 'utf8');
      expect(xml).toMatch(/<!--[\s\S]*Source: \.\.\/shared\/domain\/facts\.md §1\.5[\s\S]*-->/);
      expect(valueSets.set(basename(file, '.xml')).concepts.length).toBeGreaterThan(0);
    }
  });

  it('ships every set the constants name, and nothing else', () => {
    expect(files.map((f) => basename(f, '.xml')).sort()).toEqual(
      [...Object.values(XDS_VALUE_SETS), ...Object.values(TYPE_CODES_OF_CLASS)].sort(),
    );
  });

  it('has an ASS_X16 set for every DMP class, and only DMP classes', () => {
    expect(Object.keys(TYPE_CODES_OF_CLASS).sort()).toEqual(
      valueSets
        .set(XDS_VALUE_SETS.classCode)
        .concepts.map((c) => c.code)
        .sort(),
    );
  });

  it('puts our three types in class 10 "Compte rendu"', () => {
    for (const type of ['47420-5', '11506-3', '11488-4']) {
      expect(classCodeFor(valueSets.concept(VALUE_SETS.typeCode, type), valueSets)).toEqual({
        code: '10',
        codeSystem: '1.2.250.1.213.1.1.4.1',
        displayName: 'Compte rendu',
      });
    }
    expect(
      classCodeFor(valueSets.concept(VALUE_SETS.typeCode, 'PRESC-ORTHOPHO'), valueSets).code,
    ).toBe('42');
  });

  it('maps every media type of a level-1 body to its formatCode (TRE_A11)', () => {
    expect(
      ['application/pdf', 'text/plain; charset=utf-8', 'text/rtf', 'image/jpeg', 'IMAGE/TIFF'].map(
        (type) => formatCodeFor(type, valueSets),
      ),
    ).toEqual(valueSets.set(XDS_VALUE_SETS.formatCode).concepts);
    expect(
      valueSets
        .set(XDS_VALUE_SETS.formatCode)
        .concepts.every((c) => c.codeSystem === '1.3.6.1.4.1.19376.1.2.3'),
    ).toBe(true);
    expect(() => formatCodeFor('image/gif', valueSets)).toThrow(/image\/gif/);
  });

  it('defaults the contentTypeCode to 07 and takes any other J59 code', () => {
    expect(DEFAULT_CONTENT_TYPE_CODE).toBe('07');
    expect(contentTypeCodeFor(undefined, valueSets)).toEqual({
      code: '07',
      codeSystem: '1.2.250.1.213.2.2',
      displayName: 'Consultations soins externes',
    });
    expect(contentTypeCodeFor('SA07', valueSets).codeSystem).toBe('1.2.250.1.71.4.2.4');
  });
});
