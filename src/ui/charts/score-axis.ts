// The axes of a score chart: the x title, and a y range with ticks that read at a glance. Shared
// by a run's charts and the charts that overlay several runs.
import type { ChartData } from '../../state/derive.ts';
import { xAxisHeight, yAxisWidth, yTitleOffset } from './chart-text.ts';
import { niceLinearTicks, niceLogTicks, tickText } from './nice-ticks.ts';

/** Percent axes keep the same ticks whether or not a kick-rule bound passes 100. */
const PERCENT_TICKS = [0, 25, 50, 75, 100];

export function xLabel(data: ChartData): string {
  return data.axis === 'sparsity' ? 'sparsity (%)' : 'bits per weight';
}

/** The y axis's range and its ticks: round values a reader takes in at a glance. */
export function yAxisOf(charts: ChartData[], logY: boolean): { domain: [number, number]; ticks: number[] } {
  const ys: number[] = [];
  for (const data of charts) {
    for (const s of data.series) for (const p of s.points) ys.push(...[p.y, p.low, p.high].filter((v): v is number => v !== null && Number.isFinite(v)));
    if (data.dense !== null) ys.push(data.dense);
    if (data.denseInterval) ys.push(data.denseInterval.low, data.denseInterval.high);
    if (data.band) ys.push(data.band.low, data.band.high);
  }
  const unit = charts[0]?.unit ?? '%';
  const max = ys.length ? Math.max(...ys) : 0;
  // Fixed ranges keep charts of different tasks comparable at a glance; the kick factoid rule can
  // pass 100% (it divides n + 1 answers by n), and then the axis goes on.
  if (unit === '%') return { domain: [0, max > 100 ? Math.ceil(max / 10) * 10 : 100], ticks: PERCENT_TICKS };
  if (unit.startsWith('judge')) return { domain: [0, 10], ticks: [0, 2, 4, 6, 8, 10] };
  if (logY) {
    const positive = ys.filter((y) => y > 0);
    const domain: [number, number] = positive.length ? [niceLog(Math.min(...positive), 'down'), niceLog(max, 'up')] : [1, 10];
    return { domain, ticks: niceLogTicks(domain[0], domain[1]) };
  }
  const ticks = niceLinearTicks(max * 1.02);
  return { domain: [0, ticks[ticks.length - 1]], ticks };
}

/** The nearest of 1, 2, 5 times a power of ten below (or above) v: a log axis that fits its data. */
function niceLog(v: number, way: 'down' | 'up'): number {
  const decade = 10 ** Math.floor(Math.log10(v));
  const steps = [1, 2, 5, 10].map((m) => m * decade);
  return way === 'down' ? Math.max(...steps.filter((s) => s <= v)) : Math.min(...steps.filter((s) => s >= v));
}

/**
 * The props both axes of a score chart share, for one chart or several overlaid: every given tick
 * is drawn (interval 0: no per-label text measuring on each render, the ticks are few and round),
 * and the axes grow with the text so that their titles keep clear of the ticks.
 */
export function scoreAxesProps(data: ChartData, xs: number[], xDomain: [number, number], y: { domain: [number, number]; ticks: number[] }, logY: boolean, fontPx: number) {
  const tick = { fontSize: fontPx };
  const titleStyle = { textAnchor: 'middle', fontSize: fontPx } as const;
  const unit = data.unit === '%' ? 'score (%)' : data.unit;
  return {
    x: {
      type: 'number',
      domain: xDomain,
      ticks: xs,
      interval: 0,
      tick,
      height: xAxisHeight(fontPx),
      tickFormatter: tickText,
      label: { value: xLabel(data), position: 'insideBottom', offset: 0, style: titleStyle },
    },
    y: {
      scale: logY ? 'log' : 'linear',
      domain: y.domain,
      ticks: y.ticks,
      interval: 0,
      tick,
      tickFormatter: tickText,
      allowDataOverflow: true,
      width: yAxisWidth(y.ticks.map(tickText), fontPx),
      label: { value: logY ? `${unit} (log)` : unit, angle: -90, position: 'insideLeft', offset: yTitleOffset(fontPx), style: titleStyle },
    },
  } as const;
}
