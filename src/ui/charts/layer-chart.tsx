import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../state/derive.ts';
import type { LayerReport } from '../../state/sweep.ts';
import { ChartFrame } from './chart-frame.tsx';
import { slantedAxisHeight, useChartText, yAxisWidth, yTitleOffset } from './chart-text.ts';
import { niceLinearTicks, tickText } from './nice-ticks.ts';

interface Props {
  layers: LayerReport[];
  title: string;
  testId: string;
}

/** Not a method's colour: these bars are one point's layers, not a method's curve. */
const BAR_COLOR = '#41566f';

const shortName = (l: LayerReport) => (l.layer === null ? l.role : `${l.layer}.${l.role}`);

/** Relative weight error ||W' - W|| / ||W|| of each linear layer, in model order. */
export function LayerChart({ layers, title, testId }: Props) {
  const text = useChartText();
  const data = layers.map((l) => ({ name: shortName(l), relErr: l.relErr, sparsity: l.sparsity * 100 }));
  const ticks = niceLinearTicks(Math.max(0, ...data.map((d) => d.relErr).filter((v): v is number => v !== null && Number.isFinite(v))));
  const longestName = Math.max(1, ...data.map((d) => d.name.length));
  const table = (
    <table className="kr-table">
      <thead>
        <tr>
          <th scope="col">layer</th>
          <th scope="col">relative error</th>
        </tr>
      </thead>
      <tbody>
        {data.map((d) => (
          <tr key={d.name}>
            <th scope="row">{d.name}</th>
            <td>{formatNumber(d.relErr, 4)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <ChartFrame title={title} legend={[{ label: 'relative error ‖ΔW‖/‖W‖', color: BAR_COLOR }]} testId={testId} table={table} size="layers">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dee5" />
          {/* Every layer named: slanted, at a size read from the back of a room in projector mode. */}
          <XAxis dataKey="name" angle={-45} textAnchor="end" interval={0} tick={{ fontSize: text.smallPx }} height={slantedAxisHeight(longestName, text.smallPx)} />
          <YAxis
            domain={[0, ticks[ticks.length - 1]]}
            ticks={ticks}
            interval={0}
            tick={{ fontSize: text.fontPx }}
            tickFormatter={tickText}
            width={yAxisWidth(ticks.map(tickText), text.fontPx)}
            label={{ value: 'rel. error', angle: -90, position: 'insideLeft', offset: yTitleOffset(text.fontPx), style: { textAnchor: 'middle', fontSize: text.fontPx } }}
          />
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatNumber(v, 4) : String(v))} />
          <Bar dataKey="relErr" name="relative error" fill={BAR_COLOR} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
