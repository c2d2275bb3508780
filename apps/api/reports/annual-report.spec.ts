import { figuresOf } from '../../../libs/persistence/indicators/indicator-sql';
import type { Indicators } from '@app/persistence';
import { annualCharts, annualReportPdf, quarterTables } from './annual-report';

function indicators(quarters: string[]): Indicators {
  return {
    period: { from: '2025-01-01', to: '2025-12-31' },
    computedAt: '2026-01-02T08:00:00Z',
    figures: figuresOf(),
    monthly: [],
    quarterly: quarters.map((quarter, i) => {
      const figures = figuresOf();
      figures.duties.bilanInitial.receivedOnTime = i + 1;
      figures.sharing.bilanInitial.mss.sent = 2 * i;
      return { quarter, figures };
    }),
    byOrthophoniste: [],
  };
}

describe('annual report', () => {
  it('splits the quarters into tables that fit, the period total in the last one', () => {
    const q = (n: number) => Array.from({ length: n }, (_, i) => ({ quarter: `Q${i}` }));
    expect(quarterTables(q(4))).toEqual([{ quarters: ['Q0', 'Q1', 'Q2', 'Q3'], withTotal: true }]);
    expect(quarterTables(q(6)).map((t) => [t.quarters.length, t.withTotal])).toEqual([
      [6, false],
      [0, true],
    ]);
    expect(quarterTables(q(8)).map((t) => [t.quarters.length, t.withTotal])).toEqual([
      [6, false],
      [2, true],
    ]);
    expect(quarterTables([])).toEqual([{ quarters: [], withTotal: true }]);
  });

  it('charts the duties (stacked) and the sharing (side by side) per quarter', () => {
    const charts = annualCharts(indicators(['2025-Q1', '2025-Q2']));
    expect(charts.map((c) => c.stacked)).toEqual([true, true, false, false]);
    expect(charts[0].categories).toEqual(['T1 2025', 'T2 2025']);
    expect(charts[0].series[0]).toMatchObject({ label: 'Dans le délai', values: [1, 2] });
    expect(charts[2].series.find((s) => s.label === 'Envoyés (MSSanté)')?.values).toEqual([0, 2]);
  });

  it('renders a PDF, for twenty quarters too', async () => {
    const quarters = Array.from(
      { length: 20 },
      (_, i) => `${2021 + Math.floor(i / 4)}-Q${(i % 4) + 1}`,
    );
    const pdf = await annualReportPdf({
      cpts: { id: 'c', name: 'CPTS des Trois Rivières', identifier: null },
      indicators: indicators(quarters),
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
  });
});
