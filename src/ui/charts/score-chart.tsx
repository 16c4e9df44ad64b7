import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, MATCH_TOLERANCE, type ChartData, type ChartPoint } from '../../state/derive.ts';
import { formatCounts, formatInterval, formatWithInterval, intervalDigits } from '../../state/stat-format.ts';
import { ChartFrame } from './chart-frame.tsx';
import type { LegendEntry } from './chart-export.ts';
import { useChartText } from './chart-text.ts';
import { IntervalBars, type BarSeries } from './interval-bars.tsx';
import { DENSE_COLOR, seriesColor } from './method-colors.ts';
import { useMountStages } from './mount-stages.ts';
import { scoreAxesProps, xLabel, yAxisOf } from './score-axis.ts';

const DENSE_AREA = { color: '#6b7280', opacity: 0.16 };
const BAND_AREA = { color: '#2a9d8f', opacity: 0.22 };
/** Curves sharing an x are moved apart by this share of the x range so that their bars do not cover each other. */
const DODGE_SHARE = 0.011;
const X_PAD_SHARE = 0.03;

interface Props {
  data: ChartData;
  title: string;
  testId: string;
  /** Log scale on y (perplexity). */
  logY?: boolean;
}

interface Plotted extends ChartPoint {
  px: number;
}

/** The curves with each point's drawn x: the dense start stays at 0, the rest move aside by curve. */
function dodged(data: ChartData, xs: number[]): Plotted[][] {
  const k = data.series.length;
  const step = k > 1 && xs.length > 1 ? (xs[xs.length - 1] - xs[0]) * DODGE_SHARE : 0;
  return data.series.map((s, i) => s.points.map((p) => ({ ...p, px: p.isDense ? p.x : p.x + (i - (k - 1) / 2) * step })));
}

function nearest(xs: number[], v: number): number | undefined {
  let best: number | undefined;
  for (const x of xs) if (best === undefined || Math.abs(x - v) < Math.abs(best - v)) best = x;
  return best;
}

function TooltipBody({ data, xs, label }: { data: ChartData; xs: number[]; label: unknown }) {
  const x = typeof label === 'number' ? nearest(xs, label) : undefined;
  if (x === undefined) return null;
  const rows = data.series.flatMap((s) => {
    const p = s.points.find((q) => q.x === x);
    return p ? [{ key: s.key, name: p.isDense ? 'dense' : s.label, color: p.isDense ? DENSE_COLOR : seriesColor(s.key), p }] : [];
  });
  // Every sparsity curve starts at the dense point: name it once.
  const shown = rows.filter((r, i) => !r.p.isDense || rows.findIndex((q) => q.p.isDense) === i);
  return (
    <div className="kr-tooltip">
      <div className="kr-tooltip-label">{`${xLabel(data)}: ${formatNumber(x, data.axis === 'sparsity' ? 1 : 0)}`}</div>
      {shown.map((r) => (
        <div key={r.key} style={{ color: r.color }}>
          {`${r.name}: ${formatWithInterval(r.p.y, r.p.low !== null && r.p.high !== null && r.p.n !== null ? { low: r.p.low, high: r.p.high, n: r.p.n } : null, data.unit)}`}
        </div>
      ))}
    </div>
  );
}

function legendOf(data: ChartData): LegendEntry[] {
  const legend: LegendEntry[] = data.series.map((s) => {
    const counts = formatCounts(s.points.filter((p) => !p.isDense).map((p) => p.n));
    return { label: counts ? `${s.label} (${counts})` : s.label, color: seriesColor(s.key) };
  });
  if (data.dense !== null) {
    const n = data.denseInterval ? `, n = ${data.denseInterval.n}` : '';
    legend.push({ label: `dense (${formatNumber(data.dense)}${n})`, color: DENSE_COLOR, dashed: true });
    if (data.denseInterval) legend.push({ label: 'dense: 95% interval', color: DENSE_AREA.color, area: { opacity: DENSE_AREA.opacity } });
  }
  if (data.band) {
    const side = data.higherIsBetter ? 'below' : 'above';
    legend.push({ label: `matching: within ${MATCH_TOLERANCE * 100}% ${side} dense`, color: BAND_AREA.color, area: { opacity: BAND_AREA.opacity } });
  }
  return legend;
}

function NumbersTable({ data, xs, testId }: { data: ChartData; xs: number[]; testId: string }) {
  const digits = intervalDigits(data.unit);
  return (
    <table className="kr-table" data-testid={`${testId}-table`}>
      <thead>
        <tr>
          <th scope="col">{xLabel(data)}</th>
          {data.series.map((s) => (
            <th scope="col" key={s.key} colSpan={2}>
              {s.label} [95%]
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {xs.map((x) => (
          <tr key={x}>
            <th scope="row">{formatNumber(x, data.axis === 'sparsity' ? 1 : 0)}</th>
            {data.series.map((s) => {
              const p = s.points.find((q) => q.x === x);
              const interval = p && p.low !== null && p.high !== null ? { low: p.low, high: p.high } : null;
              return [
                <td key={`${s.key}/v`} className="kr-val" data-point={p?.pointKey ?? ''}>
                  {p ? formatNumber(p.y) : ''}
                </td>,
                <td key={`${s.key}/i`} className="kr-ci" data-interval={p?.pointKey ?? ''} title={p?.why ?? undefined}>
                  {p ? `${formatInterval(interval, digits)}${p.n !== null ? ` n = ${p.n}` : ''}` : ''}
                </td>,
              ];
            })}
          </tr>
        ))}
        {data.dense !== null && (
          <tr>
            <th scope="row">dense</th>
            <td className="kr-val" data-testid={`${testId}-dense`}>
              {formatNumber(data.dense)}
            </td>
            <td className="kr-ci" colSpan={Math.max(1, data.series.length * 2 - 1)} title={data.denseWhy ?? undefined}>
              {`${formatInterval(data.denseInterval, digits)}${data.denseInterval ? ` n = ${data.denseInterval.n}` : ''}`}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/**
 * Score (or perplexity) against sparsity or bits: a line per method with a 95% interval bar at
 * each point, the dense line with its interval shaded, and the one-sided matching band.
 */
export function ScoreChart({ data, title, testId, logY = false }: Props) {
  // Projector mode enlarges the text; the axes grow with it so that titles keep clear of ticks.
  const text = useChartText();
  // Axes and areas first, then the curves and bars, then the tooltip.
  const stage = useMountStages(2);
  const xs = [...new Set(data.series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const plotted = dodged(data, xs);
  const bars: BarSeries[] = data.series.map((s, i) => ({ key: s.key, color: seriesColor(s.key), points: plotted[i].filter((p) => !p.isDense) }));
  // Room beside the outermost points for their dots and bars.
  const pad = xs.length > 1 ? (xs[xs.length - 1] - xs[0]) * (X_PAD_SHARE + DODGE_SHARE * data.series.length) : 0.5;
  const xDomain: [number, number] = data.axis === 'sparsity' ? [0, (xs[xs.length - 1] ?? 0) + pad] : [(xs[0] ?? 0) - pad, (xs[xs.length - 1] ?? 0) + pad];
  const di = data.denseInterval;
  const axes = scoreAxesProps(data, xs, xDomain, yAxisOf([data], logY), logY, text.fontPx);

  return (
    <ChartFrame title={title} legend={legendOf(data)} testId={testId} table={<NumbersTable data={data} xs={xs} testId={testId} />} showLegend>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart margin={{ top: 12, right: 20, bottom: 4, left: 4 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dee5" />
          <XAxis dataKey="px" {...axes.x} />
          <YAxis {...axes.y} />
          {di && <ReferenceArea y1={di.low} y2={di.high} fill={DENSE_AREA.color} fillOpacity={DENSE_AREA.opacity} stroke="none" className="kr-dense-interval" ifOverflow="hidden" />}
          {data.band && <ReferenceArea y1={data.band.low} y2={data.band.high} fill={BAND_AREA.color} fillOpacity={BAND_AREA.opacity} stroke="none" className="kr-matching-band" ifOverflow="hidden" />}
          {data.dense !== null && <ReferenceLine y={data.dense} stroke={DENSE_COLOR} strokeDasharray="6 4" />}
          {stage >= 1 &&
            data.series.map((s, i) => (
              <Line
                key={s.key}
                data={plotted[i]}
                dataKey="y"
                name={s.label}
                type="linear"
                stroke={seriesColor(s.key)}
                strokeWidth={text.projector ? 3.5 : 2.5}
                dot={{ r: text.projector ? 5 : 4 }}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          {stage >= 1 && <IntervalBars series={bars} strokeWidth={text.projector ? 2.4 : 1.6} />}
          {stage >= 2 && <Tooltip content={({ active, label }) => (active ? <TooltipBody data={data} xs={xs} label={label} /> : null)} />}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
