import type { Rule } from '../../state/derive.ts';
import { intervalSummary } from '../../state/interval-summary.ts';
import type { Sweep } from '../../state/sweep.ts';

const MATCHING =
  'A compressed point matches dense only when the 95% interval of its drop, paired on the same examples, stays within 5% of dense; when that interval lies wholly beyond 5% it does not match, and otherwise it is undecided at this number of examples.';

/** One line of plain words on the intervals, where the page first shows them. */
export function IntervalExplainer({ sweep, rule }: { sweep: Sweep; rule: Rule }) {
  const s = intervalSummary(sweep, rule);
  const spread = s
    ? `Bars show 95% intervals: with ${s.n} examples a score can move by up to \u00b1${s.unit === '%' ? `${Math.round(s.halfWidth)} points` : `${s.halfWidth.toFixed(1)} on the 1-10 scale`} by chance.`
    : 'These results hold no per-example outcomes, so no intervals are drawn and the verdicts compare the scores alone.';
  return (
    <p className="kr-explain" data-testid="interval-explainer">
      {s ? `${spread} ${MATCHING}` : spread}
    </p>
  );
}
