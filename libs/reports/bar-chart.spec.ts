import { BarChartSpec, CHART_SPACING, barChartLayout, niceScale } from './bar-chart';

const box = { x: 50, y: 100, width: 400, height: 200 };

describe('niceScale', () => {
  it.each([
    [0, 1, 1],
    [1, 1, 1],
    [3, 3, 1],
    [7, 8, 2],
    [12, 15, 5],
    [38, 40, 10],
    [101, 150, 50],
    [2_345, 2_500, 500],
  ])('puts %d under a round top (%d, step %d)', (max, top, step) => {
    expect(niceScale(max)).toEqual({ max: top, step });
  });
});

describe('barChartLayout', () => {
  const spec: BarChartSpec = {
    title: 'Bilans initiaux',
    categories: ['T1 2025', 'T2 2025', 'T3 2025'],
    series: [
      { label: 'Dans le délai', color: '#2b8a3e', values: [4, 2, 0] },
      { label: 'En retard', color: '#e67700', values: [1, 3, 0] },
      { label: 'Manquants', color: '#c92a2a', values: [0, 1, 0] },
    ],
    stacked: true,
  };

  it('stacks the segments of a category from the axis up, in proportion to the values', () => {
    const layout = barChartLayout(spec, box);
    const bottom = layout.plot.y + layout.plot.height;
    expect(layout.max).toBe(6);
    const q2 = layout.bars.filter((b) => b.category === 1);
    expect(q2.map((b) => b.value)).toEqual([2, 3, 1]);
    // Each segment sits on the previous one.
    expect(q2[0].y + q2[0].height).toBeCloseTo(bottom);
    expect(q2[1].y + q2[1].height).toBeCloseTo(q2[0].y);
    expect(q2[2].y + q2[2].height).toBeCloseTo(q2[1].y);
    // The whole bar: 6 of 6.
    expect(bottom - q2[2].y).toBeCloseTo(layout.plot.height);
    // A value of 3 is three times as tall as 1.
    expect(q2[1].height).toBeCloseTo(3 * q2[2].height);
  });

  it('draws nothing for zeros, keeps bars inside the plot and their slot', () => {
    const layout = barChartLayout(spec, box);
    expect(layout.bars.filter((b) => b.category === 2)).toEqual([]);
    expect(layout.bars.some((b) => b.height <= 0)).toBe(false);
    const slot = layout.plot.width / 3;
    for (const bar of layout.bars) {
      expect(bar.x).toBeGreaterThanOrEqual(layout.plot.x + bar.category * slot);
      expect(bar.x + bar.width).toBeLessThanOrEqual(layout.plot.x + (bar.category + 1) * slot);
      expect(bar.y).toBeGreaterThanOrEqual(layout.plot.y - 1e-9);
    }
    expect(layout.plot.y + layout.plot.height).toBeLessThanOrEqual(box.y + box.height);
  });

  it('puts grouped bars side by side, each from the axis', () => {
    const layout = barChartLayout({ ...spec, stacked: false }, box);
    const bottom = layout.plot.y + layout.plot.height;
    const q1 = layout.bars.filter((b) => b.category === 0);
    expect(q1).toHaveLength(2);
    expect(q1[1].x).toBeCloseTo(q1[0].x + q1[0].width);
    for (const bar of q1) expect(bar.y + bar.height).toBeCloseTo(bottom);
    expect(layout.max).toBe(4);
  });

  it('labels ticks from 0 to the top, a category under each slot, and a legend entry per series', () => {
    const layout = barChartLayout(spec, box);
    expect(layout.ticks.map((t) => t.label)).toEqual(['0', '2', '4', '6']);
    expect(layout.ticks[0].y).toBeCloseTo(layout.plot.y + layout.plot.height);
    expect(layout.ticks.at(-1)!.y).toBeCloseTo(layout.plot.y);
    expect(layout.categoryLabels.map((c) => c.text)).toEqual(spec.categories);
    expect(layout.legend.map((l) => [l.text, l.color])).toEqual(
      spec.series.map((s) => [s.label, s.color]),
    );
    for (const item of layout.legend) {
      expect(item.y + CHART_SPACING.legendRow).toBeLessThanOrEqual(box.y + box.height + 1);
    }
  });

  it('draws an empty chart (no pathway in the period) with a 0..1 axis', () => {
    const empty = barChartLayout(
      { ...spec, series: spec.series.map((s) => ({ ...s, values: [0, 0, 0] })) },
      box,
    );
    expect(empty.bars).toEqual([]);
    expect(empty.max).toBe(1);
  });
});
