import type { DmpPatient } from './model';

/**
 * The INS assigning authorities a DMP document may name its patient with
 * (facts.md §2.2): only a qualified INS identity may be written in a DMP.
 */
export const INS_OIDS = {
  nir: '1.2.250.1.213.1.4.8',
  nia: '1.2.250.1.213.1.4.9',
  testNir: '1.2.250.1.213.1.4.10',
  demoNir: '1.2.250.1.213.1.4.11',
} as const;

const ALL_INS_OIDS: ReadonlySet<string> = new Set(Object.values(INS_OIDS));

export function isInsOid(oid: string): boolean {
  return ALL_INS_OIDS.has(oid);
}

/** Sex, year, month, department (digits, or 2A/2B for Corsica), commune, order, key. */
const MATRICULE = /^\d{5}(?:\d{2}|2A|2B)\d{8}$/;

/**
 * The NIR key: 97 − (the 13 first characters mod 97), Corsica's 2A and 2B
 * counted as 19 and 18 (facts.md §2.1).
 */
export function nirKey(first13: string): string {
  const digits = first13.replace(/^(\d{5})2A/, '$119').replace(/^(\d{5})2B/, '$118');
  return String(97 - (Number(digits) % 97)).padStart(2, '0');
}

/**
 * What is wrong with an INS (matricule + OID), or undefined. The key is
 * checked for NIRs only: an INS read from INSi always has a right key, so a
 * wrong one is a corrupted identity; the NIA's key rule is not confirmed
 * (facts.md §2.1), so an NIA is checked for its shape alone.
 */
export function insProblem(ins: DmpPatient['ins']): string | undefined {
  if (!isInsOid(ins.oid)) {
    return `"${ins.oid}" is not an INS assigning authority (${[...ALL_INS_OIDS].join(', ')})`;
  }
  if (!MATRICULE.test(ins.matricule)) {
    return `matricule INS "${ins.matricule}" is not 15 characters of a NIR (digits, 2A/2B for a Corsican department)`;
  }
  if (ins.oid !== INS_OIDS.nia && nirKey(ins.matricule.slice(0, 13)) !== ins.matricule.slice(13)) {
    return `matricule INS "${ins.matricule}" has a wrong key (expected ${nirKey(ins.matricule.slice(0, 13))})`;
  }
  return undefined;
}
