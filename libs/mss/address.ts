import { nirKey } from '@app/dmp';
import { MssError } from './errors';

/** Mon espace santé: a patient's MSSanté mailbox is `<matricule INS>@patient.mssante.fr` (facts §3.2). */
export const PATIENT_DOMAIN = 'patient.mssante.fr';

/** Every MSSanté operator's domain ends so (facts §3.2); a deployment may add test domains. */
export const MSSANTE_DOMAIN_SUFFIX = '.mssante.fr';

export type MssAddress =
  | { kind: 'professional'; address: string; domain: string }
  | { kind: 'patient'; address: string; domain: string; ins: string };

export interface AddressRules {
  /** Domain suffixes a professional address may end with; `.mssante.fr` by default. */
  domainSuffixes?: readonly string[];
}

// RFC 5321 dot-atom local part and a DNS host name: what operators hand out, no quoted forms.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/;
/** Sex, year, month, department (digits, or 2A/2B for Corsica), commune, order, key. */
const MATRICULE = /^\d{5}(?:\d{2}|2A|2B)\d{8}$/;

/**
 * Reads an MSSanté address and says what it is, or throws ADDRESS_INVALID
 * naming what is wrong. A patient's address must hold a well-formed INS whose
 * NIR key is right: a message to a wrong INS would land in a stranger's
 * Mon espace santé, so a typo is caught here rather than by the operator.
 */
export function parseMssAddress(raw: string, rules: AddressRules = {}): MssAddress {
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1 || trimmed.length > 254) {
    throw invalid(raw, 'is not an e-mail address (local-part@domain)');
  }
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1).toLowerCase();
  if (!DOMAIN.test(domain)) throw invalid(raw, `has an invalid domain "${domain}"`);

  if (domain === PATIENT_DOMAIN) {
    const ins = local.toUpperCase();
    const problem = matriculeProblem(ins);
    if (problem) throw invalid(raw, `is not a patient's MSSanté address: ${problem}`);
    return { kind: 'patient', address: `${ins}@${domain}`, domain, ins };
  }

  if (!LOCAL_PART.test(local) || local.length > 64) {
    throw invalid(raw, `has an invalid local part "${local}"`);
  }
  const suffixes = rules.domainSuffixes ?? [MSSANTE_DOMAIN_SUFFIX];
  if (!suffixes.some((suffix) => domain.endsWith(suffix.toLowerCase()))) {
    throw invalid(raw, `is not on an MSSanté domain (${suffixes.join(', ')})`);
  }
  return { kind: 'professional', address: `${local}@${domain}`, domain };
}

/** The Mon espace santé address of a patient, from their matricule INS (checked). */
export function patientMssAddress(matriculeIns: string): string {
  const address = `${matriculeIns.trim().toUpperCase()}@${PATIENT_DOMAIN}`;
  return parseMssAddress(address).address;
}

export function isPatientAddress(address: string): boolean {
  return address.trim().toLowerCase().endsWith(`@${PATIENT_DOMAIN}`);
}

/** What is wrong with a 15-character matricule INS, or undefined. */
export function matriculeProblem(matricule: string): string | undefined {
  if (matricule.length !== 15) {
    return `an INS has 15 characters, "${matricule}" has ${matricule.length}`;
  }
  if (!MATRICULE.test(matricule)) {
    return `"${matricule}" is not shaped like a NIR (digits, 2A/2B for a Corsican department)`;
  }
  const expected = nirKey(matricule.slice(0, 13));
  if (matricule.slice(13) !== expected) {
    return `the INS key of "${matricule}" is wrong (expected ${expected})`;
  }
  return undefined;
}

function invalid(raw: string, what: string): MssError {
  return new MssError('ADDRESS_INVALID', `"${raw}" ${what}`);
}

/** One entry per address (case-insensitive), the first kept. */
export function uniqueByAddress<T extends { address: string }>(entries: readonly T[]): T[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = entry.address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
