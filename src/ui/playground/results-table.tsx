import { stepKind } from '../../compress/method-kinds.ts';
import { formatPattern } from '../../compress/params.ts';
import type { PlaygroundResult } from '../../worker/playground-protocol.ts';

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

function describeParams(r: PlaygroundResult): string {
  const p = r.job.params;
  const parts: string[] = [];
  for (const step of r.job.method.split('+')) {
    if (stepKind(step) === 'prune') {
      parts.push(p.pattern && p.pattern !== 'unstructured' ? formatPattern(p.pattern) : `s=${p.sparsity}`);
    } else if (step === 'int8') {
      parts.push(`t=${p.threshold}`);
    } else {
      parts.push(`${p.bits}b g${p.group}${p.sym ? ' sym' : ''}`);
    }
  }
  return parts.join(', ');
}

export function ResultsTable({ results, onClear }: { results: PlaygroundResult[]; onClear: () => void }) {
  return (
    <>
      <div className="table-scroll">
        <table className="results" data-testid="results">
          <thead>
            <tr>
              <th>method</th>
              <th>params</th>
              <th>shape</th>
              <th>backend</th>
              <th>sparsity</th>
              <th>bits</th>
              <th>rel. error ‖ΔW‖/‖W‖</th>
              <th>rel. output error</th>
              <th>ms</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r, i) => (
              <tr key={i}>
                <td>{r.job.method}</td>
                <td>{describeParams(r)}</td>
                <td>{`${r.job.rows}×${r.job.cols}`}</td>
                <td>{r.report.backend}</td>
                <td data-testid="sparsity">{pct(r.report.sparsity)}</td>
                <td>{r.report.bits.toFixed(2)}</td>
                <td data-testid="relerr">{r.report.relErr.toFixed(4)}</td>
                <td>{r.outputErr.toFixed(4)}</td>
                <td>{r.report.ms.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" className="secondary" onClick={onClear}>Clear</button>
    </>
  );
}
