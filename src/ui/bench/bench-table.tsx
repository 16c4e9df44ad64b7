import { adapterLabel, formatFraction, formatMs, formatRate, type BenchRow, type KernelBenchReport } from '../../compress/bench/report.ts';

interface Column {
  title: string;
  report: KernelBenchReport;
}

const keyOf = (r: Pick<BenchRow, 'kernel' | 'shape'>) => `${r.kernel}|${r.shape}`;

function Cells({ row }: { row: BenchRow | undefined }) {
  if (!row) return <td colSpan={3} className="muted">not run</td>;
  if (row.error) return <td colSpan={3} className="error" title={row.error}>failed: {row.error}</td>;
  return (
    <>
      <td>{formatMs(row.ms)}</td>
      <td>{formatRate(row.rate, row.bound)}</td>
      <td data-testid="fraction">{formatFraction(row.fraction)}</td>
    </>
  );
}

/**
 * Every kernel's time, rate and fraction of its own adapter's baseline, one column group per
 * report (the user's run, and a shared one beside it), rows matched by kernel and shape.
 */
export function BenchTable({ columns }: { columns: Column[] }) {
  const order: BenchRow[] = [];
  const seen = new Set<string>();
  for (const c of columns) {
    for (const r of c.report.rows) {
      if (!seen.has(keyOf(r))) {
        seen.add(keyOf(r));
        order.push(r);
      }
    }
  }
  const lookup = columns.map((c) => new Map(c.report.rows.map((r) => [keyOf(r), r])));
  return (
    <table className="results" data-testid="bench-table">
      <thead>
        <tr>
          <th rowSpan={2}>kernel</th>
          <th rowSpan={2}>shape</th>
          <th rowSpan={2}>baseline</th>
          {columns.map((c) => (
            <th key={c.title} colSpan={3} title={adapterLabel(c.report.adapter)}>
              {c.title}: {adapterLabel(c.report.adapter)}
            </th>
          ))}
        </tr>
        <tr>
          {columns.map((c) => [<th key={`${c.title}-t`}>time</th>, <th key={`${c.title}-r`}>rate</th>, <th key={`${c.title}-f`}>of baseline</th>])}
        </tr>
      </thead>
      <tbody>
        <tr className="baseline">
          <td>copy (bandwidth baseline)</td>
          <td>-</td>
          <td>-</td>
          {columns.map((c) => [
            <td key={`${c.title}-t`}>{formatMs(c.report.baselines.copy.ms)}</td>,
            <td key={`${c.title}-r`} data-testid="copy-rate">{formatRate(c.report.baselines.copy.rate, 'bandwidth')}</td>,
            <td key={`${c.title}-f`}>{c.report.baselines.copy.label}</td>,
          ])}
        </tr>
        <tr className="baseline">
          <td>tiled matmul (compute baseline)</td>
          <td>-</td>
          <td>-</td>
          {columns.map((c) => [
            <td key={`${c.title}-t`}>{formatMs(c.report.baselines.matmul.ms)}</td>,
            <td key={`${c.title}-r`} data-testid="matmul-rate">{formatRate(c.report.baselines.matmul.rate, 'compute')}</td>,
            <td key={`${c.title}-f`}>{c.report.baselines.matmul.label}</td>,
          ])}
        </tr>
        {order.map((r) => (
          <tr key={keyOf(r)} data-testid="bench-row">
            <td title={r.scope === 'launcher' ? 'the launcher with its uploads and readbacks' : 'the dispatches alone'}>
              {r.kernel}
              {r.scope === 'launcher' ? ' *' : ''}
            </td>
            <td>{r.shape}</td>
            <td>{r.bound === 'bandwidth' ? 'copy' : 'matmul'}</td>
            {lookup.map((m, i) => (
              <Cells key={columns[i].title} row={m.get(keyOf(r))} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
