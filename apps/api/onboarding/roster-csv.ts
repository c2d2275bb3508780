import { CsvError, parse } from 'csv-parse/sync';
import { DomainError, billingNumberProblem, normalizedBillingNumber } from '@app/domain';
import { mssAddressProblem } from './mss-address';

/** A CPTS's roster is a few dozen to a few hundred people; one request, one transaction. */
export const MAX_ROSTER_LINES = 500;

const COLUMNS = ['rpps', 'billingNumber', 'mssAddress'] as const;
type Column = (typeof COLUMNS)[number];

/** One line of the roster, as written (trimmed), with its line number in the file. */
export interface RosterLine {
  line: number;
  rpps: string;
  billingNumber?: string;
  mssAddress?: string;
  /** What is wrong with the line itself, before anybody looks it up. */
  malformed?: { field: Column; problem: string };
}

/**
 * Reads a roster: a header line naming the columns (`rpps`, and optionally
 * `billingNumber`, `mssAddress`, in any case and order), then one practitioner
 * a line, separated by `;` (what a French spreadsheet writes) or `,`, as the
 * header line shows. A file that is not such a CSV is a 400 naming `csv`; a
 * line with a bad value is kept, marked malformed, so the report shows it.
 */
export function readRoster(csv: string): RosterLine[] {
  const header = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = header.includes(';') ? ';' : ',';
  let records: RosterRecord[];
  try {
    records = parse<RosterRecord>(csv, {
      bom: true,
      delimiter,
      columns: headerColumns,
      info: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    if (error instanceof CsvError || error instanceof RosterError) {
      throw DomainError.invalid('csv', error.message);
    }
    throw error;
  }
  if (records.length === 0) {
    throw DomainError.invalid(
      'csv',
      'has no line after its header (rpps, one practitioner a line)',
    );
  }
  if (records.length > MAX_ROSTER_LINES) {
    throw DomainError.invalid(
      'csv',
      `has ${records.length} lines; at most ${MAX_ROSTER_LINES} at once: send the roster in parts`,
    );
  }
  const firstLine = new Map<string, number>();
  return records.map(({ record, info }) => {
    const line: RosterLine = { line: info.lines, rpps: record.rpps ?? '' };
    if (record.billingNumber) line.billingNumber = normalizedBillingNumber(record.billingNumber);
    if (record.mssAddress) line.mssAddress = record.mssAddress;
    line.malformed = lineProblem(line, firstLine.get(line.rpps));
    if (!firstLine.has(line.rpps)) firstLine.set(line.rpps, line.line);
    return line;
  });
}

/** A record as csv-parse gives it with `info`: the line it ends on. */
interface RosterRecord {
  record: Record<string, string>;
  info: { lines: number };
}

class RosterError extends Error {}

function headerColumns(names: string[]): Column[] {
  const columns = names.map(columnOf);
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
  if (repeated) throw new RosterError(`names the column ${repeated} twice in its header`);
  if (!columns.includes('rpps')) {
    throw new RosterError(
      `has no rpps column: its first line must name the columns (${COLUMNS.join(', ')})`,
    );
  }
  return columns;
}

function columnOf(name: string): Column {
  const column = COLUMNS.find((c) => c.toLowerCase() === name.trim().toLowerCase());
  if (!column) {
    throw new RosterError(
      `has an unknown column "${name.slice(0, 40)}" in its header; the columns are ${COLUMNS.join(', ')}`,
    );
  }
  return column;
}

function lineProblem(
  line: RosterLine,
  earlier: number | undefined,
): RosterLine['malformed'] | undefined {
  if (!/^\d{11}$/.test(line.rpps)) {
    return { field: 'rpps', problem: 'must be an RPPS number (11 digits)' };
  }
  if (earlier !== undefined) {
    return { field: 'rpps', problem: `is already on line ${earlier}` };
  }
  const billing =
    line.billingNumber === undefined ? undefined : billingNumberProblem(line.billingNumber);
  if (billing) return { field: 'billingNumber', problem: billing };
  const address = line.mssAddress === undefined ? undefined : mssAddressProblem(line.mssAddress);
  if (address) return { field: 'mssAddress', problem: address };
  return undefined;
}
