import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, MATCH_TOLERANCE, type ChartData } from '../../state/derive.ts';
import { ChartFrame } from './chart-frame.tsx';
import type { LegendEntry } from './chart-export.ts';

export const SERIES_COLORS = ['#1d3557', '#e63946', '#2a9d8f', '#e9a03b', '#6a4c93', '#3a86ff', '#8d6e63', '#264653'];
const DENSE_COLOR = '#111111';
const BAND_COLOR = '#2a9d8f';

interface Props {
  data: ChartData;
  title: string;
  testId: string;
  /** Log scale on y (perplexity). */
  logY?: boolean;
  height?: number;
}

function xLabel(data: ChartData): string {
  return data.axis === 'sparsity' ? 'sparsity (%)' : 'bits per weight';
}

function yDomain(data: ChartData, logY: boolean): [number, number] {
  const ys = data.series.flatMap((s) => s.points.map((p) => p.y)).filter((y): y is number => y !== null);
  if (data.dense !== null) ys.push(data.dense);
  if (data.band) ys.push(data.band.high);
  // Fixed ranges keep charts of different tasks comparable at a glance.
  if (data.unit === '%') return [0, 100];
  if (data.unit.startsWith('judge')) return [0, 10];
  if (!ys.length) return logY ? [1, 10] : [0, 1];
  const max = Math.max(...ys);
  if (logY) {
    const min = Math.min(...ys.filter((y) => y > 0));
    return [10 ** Math.floor(Math.log10(min)), 10 ** Math.ceil(Math.log10(max))];
  }
  const step = max > 20 ? 10 : max > 2 ? 1 : 0.1;
  return [0, Math.ceil((max * 1.02) / step) * step];
}

/** Score (or perplexity) against sparsity or bits: a line per method, the dense line, the 5% band. */
export function ScoreChart({ data, title, testId, logY = false, height = 280 }: Props) {
  const xs = [...new Set(data.series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const legend: LegendEntry[] = data.series.map((s, i) => ({ label: s.label, color: SERIES_COLORS[i % SERIES_COLORS.length] }));
  if (data.dense !== null) legend.push({ label: `dense (${formatNumber(data.dense)})`, color: DENSE_COLOR, dashed: true });
  if (data.band) legend.push({ label: `matching: within ${MATCH_TOLERANCE * 100}% of dense`, color: BAND_COLOR });
  const unit = data.unit === '%' ? 'score (%)' : data.unit;

  const table = (
    <table className="kr-table" data-testid={`${testId}-table`}>
      <thead>
        <tr>
          <th scope="col">{xLabel(data)}</th>
          {data.series.map((s) => (
            <th scope="col" key={s.key}>
              {s.label}
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
              return (
                <td key={s.key} data-point={p?.pointKey ?? ''}>
                  {p ? formatNumber(p.y) : ''}
                </td>
              );
            })}
          </tr>
        ))}
        {data.dense !== null && (
          <tr>
            <th scope="row">dense</th>
            <td colSpan={Math.max(1, data.series.length)} data-testid={`${testId}-dense`}>
              {formatNumber(data.dense)}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );

  return (
    <ChartFrame title={title} legend={legend} testId={testId} table={table}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart margin={{ top: 12, right: 20, bottom: 28, left: 8 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dee5" />
          <XAxis
            type="number"
            dataKey="x"
            domain={data.axis === 'sparsity' ? [0, 'dataMax'] : ['dataMin', 'dataMax']}
            ticks={xs}
            allowDuplicatedCategory={false}
            label={{ value: xLabel(data), position: 'insideBottom', offset: -16 }}
          />
          <YAxis
            scale={logY ? 'log' : 'linear'}
            domain={yDomain(data, logY)}
            allowDataOverflow
            width={56}
            label={{ value: logY ? `${unit} (log)` : unit, angle: -90, position: 'insideLeft', offset: 4, style: { textAnchor: 'middle' } }}
          />
          {data.band && <ReferenceArea y1={data.band.low} y2={data.band.high} fill={BAND_COLOR} fillOpacity={0.15} stroke="none" ifOverflow="extendDomain" />}
          {data.dense !== null && <ReferenceLine y={data.dense} stroke={DENSE_COLOR} strokeDasharray="6 4" label={{ value: 'dense', position: 'insideTopRight', fontSize: 12 }} />}
          {data.series.map((s, i) => (
            <Line
              key={s.key}
              data={s.points}
              dataKey="y"
              name={s.label}
              type="linear"
              stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
              strokeWidth={2.5}
              dot={{ r: 4 }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatNumber(v) : String(v))} labelFormatter={(x) => `${xLabel(data)}: ${String(x)}`} />
          <Legend verticalAlign="top" height={28} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
