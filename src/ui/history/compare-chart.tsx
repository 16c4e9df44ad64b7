import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, type ChartData } from '../../state/derive.ts';
import { runLetter } from '../../state/compare.ts';
import { ChartFrame } from '../charts/chart-frame.tsx';
import type { LegendEntry } from '../charts/chart-export.ts';
import { useChartText } from '../charts/chart-text.ts';
import { DENSE_COLOR, seriesColor } from '../charts/method-colors.ts';
import { scoreAxesProps, xLabel, yAxisOf } from '../charts/score-axis.ts';

/** A line style per run: A solid, B dashed, C dotted, D dash-dot. */
export const RUN_DASHES = ['', '9 5', '2 5', '12 4 2 4'];

interface Props {
  /** One chart's data per run, in run order (null where a run has no such chart). */
  runs: Array<ChartData | null>;
  title: string;
  testId: string;
  logY?: boolean;
}

function legendOf(runs: Array<ChartData | null>): LegendEntry[] {
  return runs.flatMap((data, r) => {
    if (!data) return [];
    const dash = RUN_DASHES[r] || undefined;
    const lines: LegendEntry[] = data.series.map((s) => ({ label: `${runLetter(r)}: ${s.label}`, color: seriesColor(s.key), dash }));
    if (data.dense !== null) lines.push({ label: `${runLetter(r)}: dense (${formatNumber(data.dense)})`, color: DENSE_COLOR, dash: dash ?? '1 0' });
    return lines;
  });
}

function NumbersTable({ runs, testId }: { runs: Array<ChartData | null>; testId: string }) {
  return (
    <table className="kr-table" data-testid={`${testId}-table`}>
      <thead>
        <tr>
          <th scope="col">run</th>
          <th scope="col" className="kr-left">
            curve
          </th>
          <th scope="col">x</th>
          <th scope="col">value</th>
        </tr>
      </thead>
      <tbody>
        {runs.flatMap((data, r) =>
          (data?.series ?? []).flatMap((s) =>
            s.points
              .filter((p) => !p.isDense)
              .map((p) => (
                <tr key={`${r}/${s.key}/${p.x}`}>
                  <th scope="row">{runLetter(r)}</th>
                  <td className="kr-left">{s.label}</td>
                  <td>{formatNumber(p.x, data?.axis === 'sparsity' ? 1 : 0)}</td>
                  <td>{formatNumber(p.y)}</td>
                </tr>
              )),
          ),
        )}
      </tbody>
    </table>
  );
}

/**
 * One task's curves from several runs on the same axes: a colour per method (the same in every
 * run), a line style per run, each run's dense line in its run's style.
 */
export function CompareChart({ runs, title, testId, logY = false }: Props) {
  const text = useChartText();
  const present = runs.filter((d): d is ChartData => d !== null);
  const first = present[0];
  if (!first) return null;
  const xs = [...new Set(present.flatMap((d) => d.series.flatMap((s) => s.points.map((p) => p.x))))].sort((a, b) => a - b);
  const pad = xs.length > 1 ? (xs[xs.length - 1] - xs[0]) * 0.04 : 0.5;
  const xDomain: [number, number] = first.axis === 'sparsity' ? [0, (xs[xs.length - 1] ?? 0) + pad] : [(xs[0] ?? 0) - pad, (xs[xs.length - 1] ?? 0) + pad];
  const axes = scoreAxesProps(first, xs, xDomain, yAxisOf(present, logY), logY, text.fontPx);
  return (
    <ChartFrame title={title} legend={legendOf(runs)} testId={testId} table={<NumbersTable runs={runs} testId={testId} />} showLegend>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart margin={{ top: 12, right: 20, bottom: 4, left: 4 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dee5" />
          <XAxis dataKey="x" {...axes.x} />
          <YAxis {...axes.y} />
          {runs.map((data, r) => data?.dense != null && <ReferenceLine key={`dense-${r}`} y={data.dense} stroke={DENSE_COLOR} strokeOpacity={0.55} strokeDasharray={RUN_DASHES[r] || undefined} />)}
          {runs.flatMap((data, r) =>
            (data?.series ?? []).map((s) => (
              <Line
                key={`${r}/${s.key}`}
                className={`kr-run-line kr-run-${r}`}
                data={s.points}
                dataKey="y"
                name={`${runLetter(r)}: ${s.label}`}
                type="linear"
                stroke={seriesColor(s.key)}
                strokeDasharray={RUN_DASHES[r] || undefined}
                strokeWidth={text.projector ? 3.5 : 2.5}
                dot={{ r: text.projector ? 5 : 4 }}
                connectNulls
                isAnimationActive={false}
              />
            )),
          )}
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatNumber(v) : String(v))} labelFormatter={(x) => `${xLabel(first)}: ${String(x)}`} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
