// Share links for the results e2e specs, built in Node from the fixture sweeps with the app's codec,
// and the recorded example sweeps the Results page fetches, read from public/.
import { readFileSync } from 'node:fs';
import { hostileSweep, paperFindingSweep } from '../test/state/sweep-fixtures.ts';
import { formatNumber } from '../src/state/derive.ts';
import { EXAMPLE_SWEEPS, type ExampleSweep } from '../src/state/examples.ts';
import { encodeShare, SHARE_BUDGET_CHARS } from '../src/state/share.ts';
import { validateSweep, type Sweep } from '../src/state/sweep.ts';
import type { TaskId } from '../src/tasks/result.ts';

export { hostileSweep, paperFindingSweep };

export async function shareHash(sweep: Sweep, budget = SHARE_BUDGET_CHARS): Promise<string> {
  return `#share=${(await encodeShare(sweep, budget)).text}`;
}

/** The paper sweep with long, varied outputs: too large for a link with its examples. */
export function bulkySweep(): Sweep {
  const s = paperFindingSweep();
  s.id = 'fixture-bulky';
  let seed = 7;
  const word = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed.toString(36);
  };
  for (const p of s.points) for (const t of p.examples) for (const e of t.examples) e.output += ' ' + Array.from({ length: 60 }, word).join(' ');
  return s;
}

/** A task score as the record holds it, in the view's units and digits (percent, 2 decimals). */
export function shownScore(sweep: Sweep, pointKey: string, task: TaskId, rule: 'kick' | 'strict'): string {
  const p = sweep.points.find((x) => x.key === pointKey)!;
  const v = p.record.scores.find((s) => s.task === task)![rule].value!;
  return (v * 100).toFixed(2);
}

/** A task's 95% interval as the record holds it, in the view's units and digits: "[38.7, 78.1]". */
export function shownInterval(sweep: Sweep, pointKey: string, task: TaskId, rule: 'kick' | 'strict'): string {
  const p = sweep.points.find((x) => x.key === pointKey)!;
  const i = p.record.scores.find((s) => s.task === task)![rule].interval!;
  return `[${(i.low * 100).toFixed(1)}, ${(i.high * 100).toFixed(1)}]`;
}

/** Compressed points of a sweep, on one axis or all: each has one interval bar per chart. */
export function compressedCount(sweep: Sweep, axis?: 'sparsity' | 'bits'): number {
  return sweep.points.filter((p) => p.spec.method !== 'dense' && (axis === undefined || (axis === 'bits') === (p.spec.sparsity === null && p.spec.pattern === null))).length;
}

/** How many factoid answers the kick rule scored at the dense point (one more than it divides by). */
export function factoidKickCount(sweep: Sweep): number {
  const dense = sweep.points.find((p) => p.spec.method === 'dense')!;
  return dense.examples.find((e) => e.task === 'factoid')!.examples.filter((e) => typeof e.scores.kick === 'number').length;
}

/** A recorded example as the app serves it: the file under public/, validated. */
export function recordedExample(id: ExampleSweep['id']): { example: ExampleSweep; sweep: Sweep } {
  const example = EXAMPLE_SWEEPS.find((e) => e.id === id)!;
  const sweep = validateSweep(JSON.parse(readFileSync(new URL(`../public/${example.file}`, import.meta.url), 'utf8')));
  return { example, sweep };
}

/** A point's perplexity as the record holds it, in the view's digits. */
export function shownPerplexity(sweep: Sweep, pointKey: string): string {
  return formatNumber(sweep.points.find((x) => x.key === pointKey)!.record.perplexity);
}
