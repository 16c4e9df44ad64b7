// Comparison of a shared sweep with its re-run: each number marked reproduced or not.
//
// The rule (shown to the user as REPRODUCTION_RULE):
// - A task score is reproduced when |original - rerun| <= max(one example's worth, 2 points),
//   where one example's worth is the scale's range divided by the number of examples that entered
//   the original score (1/n for accuracies, 9/n for 1-10 judge scores) and 2 points is 2% of the
//   range (0.02 for accuracies = 2 percentage points, 0.18 for judge scores). Greedy decoding on
//   another GPU or backend may flip an example whose top two tokens were nearly tied; more than
//   that is a real difference.
// - Perplexity is reproduced within 2% relative: it averages over many tokens, float summation
//   order moves it far less than that.
// - Two missing values (null) agree; one missing value does not; a point or task absent from the
//   re-run is "not run" (null), not a failure.
import type { ScoreScale, TaskId } from '../tasks/result.ts';
import { pointLabel, scaleOf, scoreTasks, perplexityOf, type Rule } from './derive.ts';
import type { Sweep } from './sweep.ts';

export const SCORE_ABS_TOLERANCE = 0.02;
export const PERPLEXITY_REL_TOLERANCE = 0.02;

export const REPRODUCTION_RULE =
  'A score is reproduced within max(one example, 2 points) of the original (one example = 1/n of the range for n examples); perplexity within 2% relative.';

export interface ReproducedItem {
  pointKey: string;
  label: string;
  task: TaskId;
  rule: Rule;
  /** Record units: fractions for accuracies, 1-10 for judge scores, perplexity as is. */
  original: number | null;
  rerun: number | null;
  /** Largest difference accepted, in the same units. */
  tolerance: number;
  /** The score's scale where the record names one (see derive.scaleOf). */
  scale?: ScoreScale;
  /** true: within tolerance; false: not; null: not re-run. */
  reproduced: boolean | null;
}

export interface ReproductionReport {
  rule: string;
  items: ReproducedItem[];
  reproduced: number;
  notReproduced: number;
  notRun: number;
}

/** Largest accepted difference for a score of `task` over `count` examples (record units). */
export function scoreTolerance(task: TaskId, count: number, scale?: ScoreScale): number {
  const range = scaleOf(task, scale).range;
  const twoPoints = SCORE_ABS_TOLERANCE * range;
  return count > 0 ? Math.max(range / count, twoPoints) : twoPoints;
}

function within(original: number | null, rerun: number | null, tolerance: number): boolean {
  if (original === null || rerun === null) return original === rerun;
  // The 1e-9 absorbs float rounding of values that sit exactly on the boundary (e.g. 0.6 - 0.55).
  return Math.abs(original - rerun) <= tolerance + 1e-9;
}

export function compareScore(
  task: TaskId,
  original: number | null,
  rerun: number | null,
  count: number,
  scale?: ScoreScale,
): { tolerance: number; reproduced: boolean } {
  const tolerance = scoreTolerance(task, count, scale);
  return { tolerance, reproduced: within(original, rerun, tolerance) };
}

export function comparePerplexity(original: number | null, rerun: number | null): { tolerance: number; reproduced: boolean } {
  const tolerance = original === null ? 0 : Math.abs(original) * PERPLEXITY_REL_TOLERANCE;
  return { tolerance, reproduced: within(original, rerun, tolerance) };
}

/** Marks every score (both rules) and every perplexity of `original` against `rerun`. */
export function compareSweeps(original: Sweep, rerun: Sweep): ReproductionReport {
  const items: ReproducedItem[] = [];
  const rerunByKey = new Map(rerun.points.map((p) => [p.key, p]));
  const tasks = scoreTasks(original);
  for (const p of original.points) {
    const r = rerunByKey.get(p.key);
    const label = pointLabel(p.spec, original.config);
    for (const task of tasks) {
      const s = p.record.scores.find((x) => x.task === task);
      if (!s) continue;
      const rs = r?.record.scores.find((x) => x.task === task);
      for (const rule of ['kick', 'strict'] as const) {
        const original = s[rule].value;
        const scale = s[rule].scale;
        if (!rs) {
          items.push({ pointKey: p.key, label, task, rule, original, rerun: null, tolerance: scoreTolerance(task, s[rule].count, scale), scale, reproduced: null });
          continue;
        }
        const c = compareScore(task, original, rs[rule].value, s[rule].count, scale);
        items.push({ pointKey: p.key, label, task, rule, original, rerun: rs[rule].value, scale, ...c });
      }
    }
    const ppl = perplexityOf(p.record);
    if (ppl !== null) {
      const rp = r ? perplexityOf(r.record) : null;
      const c = comparePerplexity(ppl, rp);
      for (const rule of ['kick', 'strict'] as const) {
        items.push({ pointKey: p.key, label, task: 'perplexity', rule, original: ppl, rerun: rp, tolerance: c.tolerance, reproduced: r ? c.reproduced : null });
      }
    }
  }
  return {
    rule: REPRODUCTION_RULE,
    items,
    reproduced: items.filter((i) => i.reproduced === true).length,
    notReproduced: items.filter((i) => i.reproduced === false).length,
    notRun: items.filter((i) => i.reproduced === null).length,
  };
}

/** The mark for one number in a view, looked up by point, task and rule. */
export function reproductionOf(report: ReproductionReport | null, pointKey: string, task: TaskId, rule: Rule): ReproducedItem | null {
  return report?.items.find((i) => i.pointKey === pointKey && i.task === task && i.rule === rule) ?? null;
}
