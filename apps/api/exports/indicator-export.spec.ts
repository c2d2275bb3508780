import { figuresOf } from '../../../libs/persistence/indicators/indicator-sql';
import {
  ORTHOPHONISTE_CSV_COLUMNS,
  csvNumber,
  definitionOf,
  indicatorCsvRecords,
  indicatorRows,
} from './indicator-export';

describe('indicator rows', () => {
  it('gives every figure a French label and a definition, each key once', () => {
    const rows = indicatorRows(figuresOf());
    expect(rows.length).toBeGreaterThan(60);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    for (const row of rows) {
      expect(row.label).not.toBe('');
      expect([row.key, row.definition]).not.toEqual([row.key, '']);
    }
  });

  it('takes the most specific definition of a key', () => {
    expect(definitionOf('duties.compteRendu.owed')?.key).toBe('duties.*.owed');
    expect(definitionOf('sharing.bilanInitial.mss.skipped.no_mss_address')?.key).toBe(
      'sharing.*.mss.skipped',
    );
    expect(definitionOf('delays.openingToBilanInitial.medianDays')?.key).toBe(
      'delays.openingToBilanInitial',
    );
    expect(definitionOf('sharing.bilanInitial.received')?.key).toBe('sharing.*.received');
    expect(definitionOf('nothing.like.this')).toBeUndefined();
  });

  it('writes numbers for a French spreadsheet, the period then each quarter', () => {
    expect(csvNumber(12.345)).toBe('12,35');
    expect(csvNumber(3)).toBe('3');
    expect(csvNumber(null)).toBe('');
    const records = indicatorCsvRecords({
      period: { from: '2025-01-01', to: '2025-06-30' },
      computedAt: '2025-07-01T00:00:00Z',
      figures: figuresOf(),
      monthly: [],
      quarterly: [
        { quarter: '2025-Q1', figures: figuresOf() },
        { quarter: '2025-Q2', figures: figuresOf() },
      ],
    });
    expect([...new Set(records.map((r) => r.period))]).toEqual([
      '2025-01-01/2025-06-30',
      '2025-Q1',
      '2025-Q2',
    ]);
    const ortho = {
      practitioner: { id: 'p', familyName: 'LEROY', givenNames: 'Camille', rpps: '10000000001' },
      figures: figuresOf(),
    };
    expect(ORTHOPHONISTE_CSV_COLUMNS[0].value(ortho)).toBe('Camille LEROY');
  });
});
