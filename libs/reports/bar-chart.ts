import { frenchNumber } from './format';
import { winAnsi } from './text';

/**
 * Bar charts drawn as vector paths (no image): the geometry is computed by
 * `barChartLayout`, a pure function of the data and the box (unit-tested),
 * then `drawBarChart` paints it with pdfkit.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BarSeries {
  label: string;
  /** A pdfkit colour (`#1f77b4`). */
  color: string;
  /** One value per category. */
  values: readonly number[];
}

export interface BarChartSpec {
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  /** Segments stacked in one bar per category; otherwise one bar per series, side by side. */
  stacked: boolean;
}

export interface BarRect extends Box {
  series: number;
  category: number;
  value: number;
  color: string;
}

export interface BarChartLayout {
  title: { text: string; x: number; y: number; width: number };
  plot: Box;
  /** Top of the value axis. */
  max: number;
  ticks: { value: number; y: number; label: string }[];
  bars: BarRect[];
  categoryLabels: { text: string; x: number; y: number; width: number }[];
  legend: { text: string; color: string; x: number; y: number }[];
}

/** Space the layout keeps around the plot, in points. */
export const CHART_SPACING = {
  title: 16,
  axis: 34,
  categoryLabels: 14,
  legendRow: 12,
  legendItemWidth: 130,
  /** Share of a category's slot left empty around its bar(s). */
  gap: 0.3,
} as const;

/**
 * A value axis from 0 that ends on a round number (1, 2 or 5 × 10ⁿ steps) at
 * or above `max`, with at most `maxTicks` steps; `max` 0 gives 0..1.
 */
export function niceScale(max: number, maxTicks = 5): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 1 };
  const rough = max / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  // Counts are whole: never a step below 1.
  const whole = Math.max(1, step);
  return { max: Math.ceil(max / whole) * whole, step: whole };
}

export function barChartLayout(spec: BarChartSpec, box: Box): BarChartLayout {
  const legendPerRow = Math.max(1, Math.floor(box.width / CHART_SPACING.legendItemWidth));
  const legendRows = Math.ceil(spec.series.length / legendPerRow);
  const plot: Box = {
    x: box.x + CHART_SPACING.axis,
    y: box.y + CHART_SPACING.title,
    width: Math.max(1, box.width - CHART_SPACING.axis),
    height: Math.max(
      1,
      box.height -
        CHART_SPACING.title -
        CHART_SPACING.categoryLabels -
        legendRows * CHART_SPACING.legendRow -
        4,
    ),
  };
  const totals = spec.categories.map((_, c) =>
    spec.stacked
      ? spec.series.reduce((sum, s) => sum + Math.max(0, s.values[c] ?? 0), 0)
      : Math.max(0, ...spec.series.map((s) => s.values[c] ?? 0)),
  );
  const scale = niceScale(Math.max(0, ...totals));
  const yOf = (value: number) => plot.y + plot.height - (value / scale.max) * plot.height;
  const ticks = [];
  for (let value = 0; value <= scale.max + 1e-9; value += scale.step) {
    ticks.push({ value, y: yOf(value), label: frenchNumber(value) });
  }

  const slot = plot.width / Math.max(1, spec.categories.length);
  const barsWidth = slot * (1 - CHART_SPACING.gap);
  const bars: BarRect[] = [];
  spec.categories.forEach((_, c) => {
    const left = plot.x + c * slot + (slot - barsWidth) / 2;
    let stackedTop = 0;
    spec.series.forEach((s, i) => {
      const value = Math.max(0, s.values[c] ?? 0);
      if (value === 0) return;
      if (spec.stacked) {
        const top = yOf(stackedTop + value);
        bars.push({
          x: left,
          y: top,
          width: barsWidth,
          height: yOf(stackedTop) - top,
          series: i,
          category: c,
          value,
          color: s.color,
        });
        stackedTop += value;
      } else {
        const width = barsWidth / spec.series.length;
        const top = yOf(value);
        bars.push({
          x: left + i * width,
          y: top,
          width,
          height: plot.y + plot.height - top,
          series: i,
          category: c,
          value,
          color: s.color,
        });
      }
    });
  });

  const legendTop = plot.y + plot.height + CHART_SPACING.categoryLabels + 4;
  return {
    title: { text: spec.title, x: box.x, y: box.y, width: box.width },
    plot,
    max: scale.max,
    ticks,
    bars,
    categoryLabels: spec.categories.map((text, c) => ({
      text,
      x: plot.x + c * slot,
      y: plot.y + plot.height + 3,
      width: slot,
    })),
    legend: spec.series.map((s, i) => ({
      text: s.label,
      color: s.color,
      x: box.x + CHART_SPACING.axis + (i % legendPerRow) * CHART_SPACING.legendItemWidth,
      y: legendTop + Math.floor(i / legendPerRow) * CHART_SPACING.legendRow,
    })),
  };
}

/** Paints the chart in `box` and leaves the cursor below it. */
export function drawBarChart(doc: PDFKit.PDFDocument, spec: BarChartSpec, box: Box): void {
  const layout = barChartLayout(spec, box);
  const { plot } = layout;
  doc.save();
  doc
    .font('Helvetica-Bold')
    .fontSize(9)
    .fillColor('#222222')
    .text(winAnsi(layout.title.text), layout.title.x, layout.title.y, {
      width: layout.title.width,
      lineBreak: false,
    });
  doc.font('Helvetica').fontSize(7);
  for (const tick of layout.ticks) {
    doc
      .moveTo(plot.x, tick.y)
      .lineTo(plot.x + plot.width, tick.y)
      .lineWidth(0.3)
      .strokeColor('#cccccc')
      .stroke();
    doc.fillColor('#555555').text(tick.label, box.x, tick.y - 3, {
      width: CHART_SPACING.axis - 4,
      align: 'right',
      lineBreak: false,
    });
  }
  for (const bar of layout.bars) {
    doc.rect(bar.x, bar.y, bar.width, bar.height).fillColor(bar.color).fill();
  }
  doc
    .moveTo(plot.x, plot.y + plot.height)
    .lineTo(plot.x + plot.width, plot.y + plot.height)
    .lineWidth(0.8)
    .strokeColor('#333333')
    .stroke();
  doc.fillColor('#333333');
  for (const label of layout.categoryLabels) {
    doc.text(winAnsi(label.text), label.x, label.y, {
      width: label.width,
      align: 'center',
      lineBreak: false,
    });
  }
  for (const item of layout.legend) {
    doc
      .rect(item.x, item.y + 1, 7, 7)
      .fillColor(item.color)
      .fill();
    doc.fillColor('#333333').text(winAnsi(item.text), item.x + 10, item.y + 1, {
      width: CHART_SPACING.legendItemWidth - 12,
      lineBreak: false,
    });
  }
  doc.restore();
  doc.x = doc.page.margins.left;
  doc.y = box.y + box.height;
}
