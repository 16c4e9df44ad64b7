import type { Rule } from '../../state/derive.ts';
import type { Sweep } from '../../state/sweep.ts';
import { DropTableView } from '../results/drop-table-view.tsx';

/** Two sweeps' drop tables side by side (stacked on a narrow screen). */
export function CompareView({ a, b, rule }: { a: Sweep; b: Sweep; rule: Rule }) {
  return (
    <div className="kr-compare" data-testid="history-compare-view">
      {[a, b].map((s, i) => (
        <div key={`${s.id}-${i}`} className="kr-compare-side">
          <h3>{s.name || s.id}</h3>
          <p className="kr-muted">
            {s.config.model.id} · {s.config.methods.map((m) => m.id).join(', ')}
          </p>
          <DropTableView sweep={s} rule={rule} testId={`compare-drop-${i}`} />
        </div>
      ))}
    </div>
  );
}
