import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { DmpError } from './errors';
import type { CodedValue } from './model';

/**
 * The value sets every coded value of a filing is taken from. The CI-SIS sets
 * are copies of the official files of `../shared/conformance/cda/jeuxDeValeurs`
 * (IHE SVS format); `complements/` holds, in the same format, the sets the
 * DMP needs that the shared folder does not ship, each with its source.
 */
export const VALUE_SETS = {
  authorSpecialty: 'JDV_J01_XdsAuthorSpecialty_CISIS',
  healthcareFacilityType: 'JDV_J02_XdsHealthcareFacilityTypeCode_CISIS',
  practiceSetting: 'JDV_J04_XdsPracticeSettingCode_CISIS',
  typeCode: 'JDV_J07_XdsTypeCode_CISIS',
  confidentiality: 'JDV_J08_XdsConfidentialityCode_CISIS',
} as const;

export const CONFORMANCE_DIR = resolve(__dirname, 'conformance');
const DEFAULT_DIRS = [
  join(CONFORMANCE_DIR, 'jeux-de-valeurs'),
  join(CONFORMANCE_DIR, 'complements'),
];

export interface ValueSet {
  /** File name without extension, e.g. JDV_J07_XdsTypeCode_CISIS. */
  name: string;
  oid: string;
  displayName: string;
  concepts: CodedValue[];
}

export class ValueSets {
  private constructor(private readonly sets: ReadonlyMap<string, ValueSet>) {}

  /** Reads every SVS file of the given folders (once; the sets are small). */
  static load(dirs: readonly string[] = DEFAULT_DIRS): ValueSets {
    const sets = new Map<string, ValueSet>();
    for (const dir of dirs) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.xml'))) {
        const set = parseSvs(basename(file, '.xml'), readFileSync(join(dir, file), 'utf8'));
        sets.set(set.name, set);
      }
    }
    return new ValueSets(sets);
  }

  set(name: string): ValueSet {
    const set = this.sets.get(name);
    if (!set) throw new Error(`value set ${name} is not loaded`);
    return set;
  }

  has(name: string, code: string, codeSystem?: string): boolean {
    return this.set(name).concepts.some(
      (c) => c.code === code && (!codeSystem || c.codeSystem === codeSystem),
    );
  }

  /** The concept with this code, or a typed error naming the value set. */
  concept(name: string, code: string, codeSystem?: string): CodedValue {
    const found = this.set(name).concepts.find(
      (c) => c.code === code && (!codeSystem || c.codeSystem === codeSystem),
    );
    if (!found) {
      throw new DmpError(
        'VALUE_NOT_IN_VALUE_SET',
        `code "${code}"${codeSystem ? ` (${codeSystem})` : ''} is not in value set ${name}`,
      );
    }
    return found;
  }
}

/** Parses an IHE SVS RetrieveValueSetResponse. */
export function parseSvs(name: string, xml: string): ValueSet {
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  const valueSet = document.getElementsByTagNameNS('urn:ihe:iti:svs:2008', 'ValueSet')[0];
  if (!valueSet) throw new Error(`${name} is not an SVS value set`);
  const concepts = Array.from(
    valueSet.getElementsByTagNameNS('urn:ihe:iti:svs:2008', 'Concept'),
  ).map((concept) => ({
    code: concept.getAttribute('code') ?? '',
    codeSystem: concept.getAttribute('codeSystem') ?? '',
    displayName: concept.getAttribute('displayName') ?? '',
  }));
  return {
    name,
    oid: valueSet.getAttribute('id') ?? '',
    displayName: valueSet.getAttribute('displayName') ?? name,
    concepts,
  };
}
