import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../state/derive.ts';
import type { LayerReport } from '../../state/sweep.ts';
import { ChartFrame } from './chart-frame.tsx';

interface Props {
  layers: LayerReport[];
  title: string;
  testId: string;
}

const shortName = (l: LayerReport) => (l.layer === null ? l.role : `${l.layer}.${l.role}`);

/** Relative weight error ||W' - W|| / ||W|| of each linear layer, in model order. */
export function LayerChart({ layers, title, testId }: Props) {
  const data = layers.map((l) => ({ name: shortName(l), relErr: l.relErr, sparsity: l.sparsity * 100 }));
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
    <ChartFrame title={title} legend={[{ label: 'relative error ‖ΔW‖/‖W‖', color: '#1d3557' }]} testId={testId} table={table}>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 36, left: 8 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dee5" />
          <XAxis dataKey="name" angle={-45} textAnchor="end" interval={0} fontSize={10} height={40} />
          <YAxis width={56} label={{ value: 'rel. error', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatNumber(v, 4) : String(v))} />
          <Bar dataKey="relErr" name="relative error" fill="#1d3557" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
