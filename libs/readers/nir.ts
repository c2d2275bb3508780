import { INS_OIDS, nirKey } from '@app/dmp';

/**
 * The matricule INS is a NIR or an NIA (facts §2.1–2.3). An NIA is "constitué
 * comme un NIR" (a waiting number that later becomes the NIR): nothing in its
 * characters tells it from a NIR, only the INS OID does (1.2.250.1.213.1.4.9).
 * A number typed in without an OID is therefore of undetermined kind.
 */
export type MatriculeKind = 'NIR' | 'NIA';

/** Where the matricule's birth-place field says the person was born. */
export type BirthPlaceKind = 'france' | 'outre-mer' | 'etranger';

export type MatriculeField =
  'length' | 'characters' | 'sex' | 'month' | 'department' | 'key' | 'oid';

/** Same shape as the engine's FieldProblem: the field at fault and what is wrong with it. */
export interface MatriculeProblem {
  field: MatriculeField;
  problem: string;
}

export interface Matricule {
  /** 15 characters, key included (computed when only the 13 first were given). */
  value: string;
  kind: MatriculeKind | 'undetermined';
  /** 1 male, 2 female; 7 and 8 are seen on provisional/temporary numbers (facts §2.1). */
  sexDigit: '1' | '2' | '7' | '8';
  /** Only for 1 and 2: what 7 and 8 say about sex is not documented. */
  sex?: 'M' | 'F';
  /** Sex digit 7 or 8: a provisional or temporary number. */
  temporary: boolean;
  /** Two digits, century unknown. */
  birthYear: string;
  /** Two digits: 01–12, or 20–42 / 50+ when civil-status data were incomplete (facts §2.1). */
  birthMonth: string;
  /** False for the 20–42 and 50+ values: the month is then not a calendar month. */
  calendarMonth: boolean;
  birthPlace: {
    kind: BirthPlaceKind;
    /** 2 characters (01–95, 2A, 2B), 3 for overseas (97x, 98x), 99 abroad. */
    department: string;
    /** Commune within the department, or the country code for a birth abroad. */
    commune: string;
    /**
     * The 5 characters as a code officiel géographique: commune code in France
     * (2A004, 97105) or 99xxx country code abroad. It is the birth place at the
     * time of registration, so it may differ from today's COG after mergers.
     */
    code: string;
  };
  order: string;
  key: string;
  /** False when 13 characters were given and the key was computed here. */
  keyGiven: boolean;
}

export type MatriculeResult =
  { ok: true; matricule: Matricule } | { ok: false; problems: MatriculeProblem[] };

export interface MatriculeOptions {
  /** What the caller knows of the number: from the INS OID, or from what the user ticked. */
  kind?: MatriculeKind;
  /**
   * Whether an NIA's key is checked. An NIA is built like a NIR (net-entreprises:
   * "il est constitué comme un NIR"), so by default its key is checked; facts §7
   * lists the NIA numbering rules as UNCONFIRMED, hence the switch.
   */
  niaKey?: 'check' | 'ignore';
}

/** The key of the 13 first characters: 97 − (number mod 97), 2A/2B counted as 19/18 (facts §2.1). */
export function matriculeKey(first13: string): string {
  return nirKey(first13.toUpperCase());
}

// Sex, year, month, then 2A/2B or digits up to the order number; checked field by field below.
const SHAPE = /^\d{5}(?:\d{2}|2A|2B)\d{6}(?:\d{2})?$/;

/**
 * Reads a NIR or NIA as typed, read from a card or returned by INSi: 15
 * characters with the key, or 13 without (the key is then computed). Spaces
 * are ignored (people type "2 79 03 51 215 189 89"), letters are upper-cased
 * (2a). Every field at fault is named, so a form can point at it.
 */
export function parseMatricule(raw: string, options: MatriculeOptions = {}): MatriculeResult {
  const value = raw.replace(/\s+/g, '').toUpperCase();
  if (value.length !== 13 && value.length !== 15) {
    return failure(
      'length',
      `a NIR or NIA has 15 characters with its key (13 without), "${value}" has ${value.length}`,
    );
  }
  if (!SHAPE.test(value)) {
    return failure(
      'characters',
      `"${value}" may hold only digits, except 2A or 2B as the department of a birth in Corsica (characters 6–7)`,
    );
  }

  const problems: MatriculeProblem[] = [];
  const sexDigit = value[0];
  if (!isSexDigit(sexDigit)) {
    problems.push({
      field: 'sex',
      problem: `the first digit is the sex: 1, 2 (or 7, 8 for a temporary number), not ${sexDigit}`,
    });
  }
  const birthMonth = value.slice(3, 5);
  const month = Number(birthMonth);
  const calendarMonth = month >= 1 && month <= 12;
  // 20–42 and 50+ are given when the civil-status data were incomplete (facts §2.1).
  if (!calendarMonth && !(month >= 20 && month <= 42) && month < 50) {
    problems.push({
      field: 'month',
      problem: `the birth month is 01–12, or 20–42 / 50–99 when it was unknown, not ${birthMonth}`,
    });
  }
  if (value.slice(5, 7) === '00') {
    problems.push({ field: 'department', problem: 'the birth department cannot be 00' });
  }

  const first13 = value.slice(0, 13);
  const expected = matriculeKey(first13);
  const keyGiven = value.length === 15;
  const key = keyGiven ? value.slice(13) : expected;
  const checkKey = options.kind !== 'NIA' || (options.niaKey ?? 'check') === 'check';
  if (keyGiven && checkKey && key !== expected) {
    problems.push({ field: 'key', problem: `the key of ${first13} is ${expected}, not ${key}` });
  }
  if (problems.length > 0 || !isSexDigit(sexDigit)) return { ok: false, problems };

  return {
    ok: true,
    matricule: {
      value: first13 + key,
      kind: options.kind ?? 'undetermined',
      sexDigit,
      ...(sexDigit === '1' ? { sex: 'M' as const } : sexDigit === '2' ? { sex: 'F' as const } : {}),
      temporary: sexDigit === '7' || sexDigit === '8',
      birthYear: value.slice(1, 3),
      birthMonth,
      calendarMonth,
      birthPlace: birthPlace(value.slice(5, 10)),
      order: value.slice(10, 13),
      key,
      keyGiven,
    },
  };
}

/** What the 5 birth-place characters mean (facts §2.1; overseas layout: COG convention). */
function birthPlace(code: string): Matricule['birthPlace'] {
  const department = code.slice(0, 2);
  if (department === '99') {
    return { kind: 'etranger', department, commune: code.slice(2), code };
  }
  // Overseas departments and collectivities have 3-character codes (971…976, 984…988),
  // leaving 2 digits for the commune.
  if (department === '97' || department === '98') {
    return { kind: 'outre-mer', department: code.slice(0, 3), commune: code.slice(3), code };
  }
  return { kind: 'france', department, commune: code.slice(2), code };
}

function isSexDigit(digit: string): digit is Matricule['sexDigit'] {
  return digit === '1' || digit === '2' || digit === '7' || digit === '8';
}

function failure(field: MatriculeField, problem: string): MatriculeResult {
  return { ok: false, problems: [{ field, problem }] };
}

/** Production INS OIDs, and the test / demo NIR ones (facts §2.2). No NIA test OID is known. */
export type InsEnvironment = 'production' | 'test' | 'demo';

const OID_KINDS: Readonly<Record<string, { kind: MatriculeKind; environment: InsEnvironment }>> = {
  [INS_OIDS.nir]: { kind: 'NIR', environment: 'production' },
  [INS_OIDS.nia]: { kind: 'NIA', environment: 'production' },
  [INS_OIDS.testNir]: { kind: 'NIR', environment: 'test' },
  [INS_OIDS.demoNir]: { kind: 'NIR', environment: 'demo' },
};

/** A matricule INS with its OID, checked: the OID tells NIR from NIA and test data from real. */
export interface Ins {
  matricule: string;
  oid: string;
  kind: MatriculeKind;
  environment: InsEnvironment;
}

export type InsResult = { ok: true; ins: Ins } | { ok: false; problems: MatriculeProblem[] };

/**
 * Reads an INS (matricule + OID), as INSi returns it. The matricule must have
 * its 15 characters: INSi always gives the key, so a missing one means a
 * truncated value, not a number to complete.
 */
export function parseIns(
  ins: { matricule: string; oid: string },
  options: Pick<MatriculeOptions, 'niaKey'> = {},
): InsResult {
  const known = OID_KINDS[ins.oid];
  if (!known) {
    return {
      ok: false,
      problems: [
        {
          field: 'oid',
          problem: `"${ins.oid}" is not an INS OID (${Object.keys(OID_KINDS).join(', ')})`,
        },
      ],
    };
  }
  const matricule = ins.matricule.trim();
  if (matricule.length !== 15) {
    return {
      ok: false,
      problems: [
        {
          field: 'length',
          problem: `a matricule INS has 15 characters, "${matricule}" has ${matricule.length}`,
        },
      ],
    };
  }
  const parsed = parseMatricule(matricule, { kind: known.kind, ...options });
  if (!parsed.ok) return parsed;
  return { ok: true, ins: { matricule: parsed.matricule.value, oid: ins.oid, ...known } };
}
