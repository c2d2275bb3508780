import { DomainError } from '@app/domain';
import { MAX_ROSTER_LINES, readRoster } from './roster-csv';

function refusal(csv: string): DomainError {
  try {
    readRoster(csv);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the roster to be refused');
}

describe('readRoster', () => {
  it('reads a semicolon roster as a French spreadsheet writes it, with its line numbers', () => {
    const lines = readRoster(
      '\uFEFFrpps;billingNumber;mssAddress\r\n99700000101;51 123 456 7;\r\n\r\n99700000112;;Julien.Faure@ortho.sandbox.mssante.fr\r\n',
    );
    expect(lines).toEqual([
      { line: 2, rpps: '99700000101', billingNumber: '511234567', malformed: undefined },
      {
        line: 4,
        rpps: '99700000112',
        mssAddress: 'Julien.Faure@ortho.sandbox.mssante.fr',
        malformed: undefined,
      },
    ]);
  });

  it('reads commas, columns in any case and order', () => {
    expect(readRoster('MssAddress,RPPS\n,99700000101')).toEqual([
      { line: 2, rpps: '99700000101', malformed: undefined },
    ]);
  });

  it('marks bad values and repeated RPPS, line by line', () => {
    const lines = readRoster(
      'rpps;billingNumber;mssAddress\n123;;\n99700000101;12;\n99700000112;;someone@gmail.com\n99700000134;;\n99700000134;;',
    );
    expect(lines.map((l) => [l.line, l.malformed?.field, l.malformed?.problem])).toEqual([
      [2, 'rpps', 'must be an RPPS number (11 digits)'],
      [3, 'billingNumber', expect.stringContaining('numéro AM or ADELI')],
      [4, 'mssAddress', expect.stringContaining('MSSanté domain')],
      [5, undefined, undefined],
      [6, 'rpps', 'is already on line 5'],
    ]);
  });

  it.each([
    ['no rpps column', 'name;billingNumber\nx;511234567', /unknown column "name"/],
    ['a column named twice', 'rpps;rpps\n1;2', /twice/],
    ['a header only', 'rpps\n', /no line after its header/],
    ['an unclosed quote', 'rpps\n"99700000101', /quote/i],
    ['more fields than columns', 'rpps,billingNumber\n1,2,3', /record|field|column/i],
  ])('refuses %s with a 400 naming csv', (_label, csv, message) => {
    const error = refusal(csv);
    expect(error.code).toBe('invalid');
    expect(error.problems.map((p) => p.field)).toEqual(['csv']);
    expect(error.message).toMatch(message);
  });

  it(`refuses more than ${MAX_ROSTER_LINES} lines`, () => {
    const csv = ['rpps', ...Array.from({ length: MAX_ROSTER_LINES + 1 }, (_, i) => `${i}`)];
    expect(refusal(csv.join('\n')).message).toMatch(/at most 500/);
  });
});
