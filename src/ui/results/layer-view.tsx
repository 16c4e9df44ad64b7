import { Fragment, useId, useState } from 'react';
import { compressedPoints, formatNumber, pointLabel } from '../../state/derive.ts';
import type { Sweep } from '../../state/sweep.ts';
import { LayerChart } from '../charts/layer-chart.tsx';

/** A module path that may break after each dot: model.layers.0.<wbr>self_attn.<wbr>q_proj. */
function breakAfterDots(path: string) {
  return path.split('.').map((part, i, all) => (
    <Fragment key={i}>
      {part}
      {i < all.length - 1 && (
        <>
          .<wbr />
        </>
      )}
    </Fragment>
  ));
}

/** Achieved sparsity, bits and relative error of every linear layer of one compressed point. */
export function LayerView({ sweep }: { sweep: Sweep }) {
  const points = compressedPoints(sweep).filter((p) => p.layers.length > 0);
  const [key, setKey] = useState<string>(points[0]?.key ?? '');
  const selectId = useId();
  if (!points.length) return <p className="kr-muted">No per-layer reports in these results.</p>;
  const point = points.find((p) => p.key === key) ?? points[0];
  const numel = point.layers.reduce((a, l) => a + l.shape[0] * l.shape[1], 0);
  const zeros = point.layers.reduce((a, l) => a + l.sparsity * l.shape[0] * l.shape[1], 0);
  return (
    <div className="kr-layers" data-testid="layer-view">
      <label htmlFor={selectId}>Compressed point </label>
      <select id={selectId} value={point.key} onChange={(e) => setKey(e.target.value)} data-testid="layer-point">
        {points.map((p) => (
          <option key={p.key} value={p.key}>
            {pointLabel(p.spec, sweep.config)}
          </option>
        ))}
      </select>
      <p>
        Overall achieved sparsity over {point.layers.length} linear layers: <strong data-testid="layer-overall">{formatNumber(numel ? (zeros / numel) * 100 : null, 2)}%</strong>
      </p>
      <LayerChart layers={point.layers} title={`Per-layer relative error, ${pointLabel(point.spec, sweep.config)}`} testId="layer-chart" />
      <div className="kr-scroll">
        <table className="kr-table" data-testid="layer-table">
          <thead>
            <tr>
              <th scope="col">module</th>
              <th scope="col" className="kr-left">role</th>
              <th scope="col">layer</th>
              <th scope="col">shape [out, in]</th>
              <th scope="col">sparsity (%)</th>
              <th scope="col">bits</th>
              <th scope="col">rel. error</th>
              <th scope="col">ms</th>
            </tr>
          </thead>
          <tbody>
            {point.layers.map((l) => (
              <tr key={l.module}>
                <th scope="row" className="kr-mono">
                  {breakAfterDots(l.module)}
                </th>
                <td className="kr-left">{l.role}</td>
                <td>{l.layer ?? '—'}</td>
                <td>{`${l.shape[0]}×${l.shape[1]}`}</td>
                <td data-col="sparsity">{formatNumber(l.sparsity * 100, 2)}</td>
                <td>{l.bits}</td>
                <td data-col="relerr">{formatNumber(l.relErr, 4)}</td>
                <td>{formatNumber(l.ms, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
