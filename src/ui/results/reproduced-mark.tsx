import { formatNumber, scaleOf } from '../../state/derive.ts';
import type { ReproducedItem } from '../../state/reproduce.ts';
import type { TaskId } from '../../tasks/result.ts';

/** Reproduced or not, with the re-run value and the tolerance, in the table's units. */
export function ReproducedMark({ item, task }: { item: ReproducedItem | null; task: TaskId }) {
  if (!item || item.reproduced === null) return <span className="kr-muted">not run</span>;
  const f = scaleOf(task, item.scale).factor;
  const rerun = item.rerun === null ? '—' : formatNumber(item.rerun * f);
  const tol = formatNumber(item.tolerance * f);
  return item.reproduced ? (
    <span className="kr-ok" title={`re-run ${rerun}, tolerance ±${tol}`}>
      ✓ yes <span className="kr-muted">({rerun} ±{tol})</span>
    </span>
  ) : (
    <span className="kr-bad" title={`re-run ${rerun}, tolerance ±${tol}`}>
      ✗ no <span className="kr-muted">({rerun} ±{tol})</span>
    </span>
  );
}
