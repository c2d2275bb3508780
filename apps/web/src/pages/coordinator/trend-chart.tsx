import { useEffect, useMemo, useRef, useState } from 'react';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption, EChartsType } from 'echarts/core';
import type { Indicators } from './indicator-view';
import { TrendTable } from './trend-table';
import { TREND_SERIES, type TrendRow, monthAxis, trendRows, trendSummary } from './trend-series';

type TrendOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | AriaComponentOption
>;

type ECharts = typeof import('echarts/core');

let echartsLoading: Promise<ECharts> | undefined;

/**
 * ECharts and the few parts this chart draws with, loaded the first time a
 * chart is shown: they stay out of the bundle of the first page, and the
 * count cards never wait for them. Each part is picked by name so that the
 * bundler keeps only those.
 */
export function loadECharts(): Promise<ECharts> {
  echartsLoading ??= Promise.all([
    import('echarts/core'),
    import('echarts/charts').then(({ BarChart, LineChart }) => [BarChart, LineChart]),
    import('echarts/components').then(
      ({ AriaComponent, GridComponent, LegendComponent, TooltipComponent }) => [
        AriaComponent,
        GridComponent,
        LegendComponent,
        TooltipComponent,
      ],
    ),
    import('echarts/renderers').then(({ CanvasRenderer }) => [CanvasRenderer]),
  ]).then(([core, charts, components, renderers]) => {
    core.use([...charts, ...components, ...renderers]);
    return core;
  });
  // A failed download may succeed on the next chart shown.
  echartsLoading.catch(() => (echartsLoading = undefined));
  return echartsLoading;
}

/** Colours of the app's palette (styles.css); decal patterns tell the series apart without colour. */
const COLOURS = {
  opened: '#1d4f91',
  bilanOnTime: '#1d6b38',
  bilanLate: '#b34700',
  bilanMissingOverdue: '#9b1c1c',
} as const;

function optionOf(rows: readonly TrendRow[]): TrendOption {
  const [opened, ...bilan] = TREND_SERIES;
  return {
    // Figures, not a show: drawn at once (and nothing moves for those who asked for less motion).
    animation: false,
    aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
    textStyle: { color: '#1b1f24', fontFamily: 'system-ui, sans-serif' },
    tooltip: { trigger: 'axis' },
    // One line of legend, scrolled on a phone, rather than lines that would cover the axis.
    legend: { type: 'scroll', bottom: 0, textStyle: { color: '#1b1f24' } },
    grid: {
      left: 8,
      right: 8,
      top: 32,
      bottom: 48,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: { type: 'category', data: monthAxis(rows), axisLabel: { color: '#4a5260' } },
    yAxis: {
      type: 'value',
      name: 'Parcours',
      minInterval: 1,
      axisLabel: { color: '#4a5260' },
      nameTextStyle: { color: '#4a5260' },
    },
    series: [
      ...bilan.map((serie): BarSeriesOption => ({
        type: 'bar',
        name: serie.label,
        stack: 'bilan',
        data: rows.map((row) => row[serie.key]),
        itemStyle: { color: COLOURS[serie.key] },
      })),
      {
        type: 'line',
        name: opened.label,
        data: rows.map((row) => row.opened),
        itemStyle: { color: COLOURS.opened },
        lineStyle: { width: 3 },
        symbol: 'circle',
        symbolSize: 7,
      },
    ],
  };
}

/**
 * The monthly trend of the period: pathways opened each month (line) and
 * what became of their bilan initial (stacked bars). The container carries
 * `data-chart-ready="true"` once ECharts has finished drawing (a benchmark
 * waits for it), a summary as its accessible name, and every figure in the
 * table under it.
 */
export function TrendChart({ monthly }: { monthly: Indicators['monthly'] }) {
  const rows = useMemo(() => trendRows(monthly), [monthly]);
  const container = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<EChartsType | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let instance: EChartsType | undefined;
    let observer: ResizeObserver | undefined;
    loadECharts().then(
      (echarts) => {
        const element = container.current;
        if (disposed || !element) return;
        instance = echarts.init(element, null, { renderer: 'canvas' });
        observer = new ResizeObserver(() => instance?.resize());
        observer.observe(element);
        setChart(instance);
      },
      () => {
        if (!disposed) setFailed(true);
      },
    );
    return () => {
      disposed = true;
      observer?.disconnect();
      instance?.dispose();
    };
  }, []);

  useEffect(() => {
    if (!chart) return;
    // New figures: not ready until ECharts says this drawing is finished (listened
    // to from here, so that an empty chart's first frame does not count).
    setReady(false);
    chart.off('finished');
    chart.on('finished', () => setReady(true));
    chart.setOption(optionOf(rows), { notMerge: true });
  }, [chart, rows]);

  return (
    <figure className="trend">
      <div
        ref={container}
        className="chart"
        role="img"
        aria-label={trendSummary(rows)}
        data-chart-ready={ready ? 'true' : 'false'}
      />
      <figcaption className="muted">
        Parcours ouverts chaque mois (ligne) et devenir de leur bilan initial (barres empilées).
      </figcaption>
      {failed ? (
        <p className="banner banner--warning">
          Le graphique n'a pas pu être chargé : les chiffres sont dans le tableau ci-dessous.
        </p>
      ) : null}
      <TrendTable rows={rows} open={failed} />
    </figure>
  );
}
