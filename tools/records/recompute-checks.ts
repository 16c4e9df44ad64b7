// What a reader can check in a results file from its per-example outcomes alone: each score from
// its outcomes, each Wilson interval by its closed form, each paired drop from the outcomes of the
// dense and the compressed point on the same examples, and McNemar's p-value by the binomial sum.
// Written from the formulas, not from the lab's statistics module, so that it checks that module.
import type { RunRecord, TaskScores } from '../../src/tasks/record.ts';

export interface Check {
  point: string;
  task: string;
  rule: 'kick' | 'strict';
  what: 'score' | 'wilson interval' | 'paired drop' | 'mcnemar p';
  recorded: number | [number, number];
  recomputed: number | [number, number];
  ok: boolean;
}

/** A labelled run record: `npm run kick -- --json` points or a sweep file's points. */
export interface LabelledRecord {
  label: string;
  record: RunRecord;
}

const Z95 = 1.959963984540054;
const TOLERANCE = 1e-9;

const close = (a: number, b: number): boolean => Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));

function wilson(right: number, n: number): [number, number] {
  const p = right / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Two-sided exact binomial test on the discordant pairs, by direct summation of C(m, i) / 2^m. */
function mcnemar(lost: number, gained: number): number {
  const m = lost + gained;
  if (m === 0) return 1;
  let term = Math.pow(0.5, m);
  let tail = 0;
  for (let i = 0; i <= Math.min(lost, gained); i++) {
    tail += term;
    term *= (m - i) / (i + 1);
  }
  return Math.min(1, 2 * tail);
}

function ruleOutcomes(scores: TaskScores, rule: 'kick' | 'strict'): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of scores.outcomes) if (o[rule] !== null) out.set(o.id, o[rule] as number);
  return out;
}

const isBinary = (values: Iterable<number>): boolean => [...values].every((v) => v === 0 || v === 1);

function scoreChecks(point: string, scores: TaskScores, rule: 'kick' | 'strict'): Check[] {
  const outcomes = ruleOutcomes(scores, rule);
  const recorded = scores[rule];
  if (outcomes.size === 0 || recorded.value === null) return [];
  const values = [...outcomes.values()];
  const divisor = recorded.divisor ?? values.length;
  const mean = values.reduce((a, b) => a + b, 0) / divisor;
  const base = { point, task: scores.task, rule };
  const checks: Check[] = [{ ...base, what: 'score', recorded: recorded.value, recomputed: mean, ok: close(recorded.value, mean) }];
  const interval = recorded.interval;
  if (interval?.method === 'wilson' && isBinary(values)) {
    const right = values.reduce((a, b) => a + b, 0);
    const [low, high] = wilson(right, values.length);
    // A rule with an n + 1 over n divisor scales the interval as it scales the score.
    const scale = values.length / divisor;
    const want: [number, number] = [low * scale, high * scale];
    checks.push({ ...base, what: 'wilson interval', recorded: [interval.low, interval.high], recomputed: want, ok: close(interval.low, want[0]) && close(interval.high, want[1]) });
  }
  return checks;
}

function dropChecks(point: string, dense: TaskScores, compressed: TaskScores, rule: 'kick' | 'strict'): Check[] {
  const drop = compressed.drop?.[rule];
  if (!drop) return [];
  const d = ruleOutcomes(dense, rule);
  const c = ruleOutcomes(compressed, rule);
  const ids = [...c.keys()].filter((id) => d.has(id));
  const divisor = compressed[rule].divisor;
  const scale = divisor ? c.size / divisor : 1;
  const diff = ids.reduce((s, id) => s + (c.get(id)! - d.get(id)!), 0) / ids.length;
  const base = { point, task: compressed.task, rule };
  const checks: Check[] = [{ ...base, what: 'paired drop', recorded: drop.drop, recomputed: diff * scale, ok: close(drop.drop, diff * scale) && drop.n === ids.length }];
  if (drop.test === 'mcnemar-exact') {
    let lost = 0;
    let gained = 0;
    for (const id of ids) {
      if (d.get(id) === 1 && c.get(id) === 0) lost++;
      else if (d.get(id) === 0 && c.get(id) === 1) gained++;
    }
    const p = mcnemar(lost, gained);
    checks.push({ ...base, what: 'mcnemar p', recorded: drop.p, recomputed: p, ok: close(drop.p, p) });
  }
  return checks;
}

/** Every check the outcomes allow, for each point; drops against the dense point. */
export function recomputeChecks(points: readonly LabelledRecord[]): Check[] {
  const dense = points.find((p) => p.record.method.id === 'dense');
  const checks: Check[] = [];
  for (const { label, record } of points) {
    for (const scores of record.scores) {
      if (scores.task === 'perplexity') continue;
      for (const rule of ['kick', 'strict'] as const) {
        checks.push(...scoreChecks(label, scores, rule));
        const base = dense?.record.scores.find((s) => s.task === scores.task);
        if (base && record !== dense?.record) checks.push(...dropChecks(label, base, scores, rule));
      }
    }
  }
  return checks;
}
