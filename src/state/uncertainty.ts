// A point's 95% interval and a compressed point's paired drop from dense, for the views. Version 2
// records carry both; where a record lacks them (version 1, the recorded examples among them) they
// are computed here with the same functions from whatever the sweep still holds: the record's
// outcomes or windows, else the point's per-example records. Where nothing is left, the answer
// says why, for the view to show.
import type { PairedDrop, ScoreInterval } from '../stats/interval.ts';
import { pairedDrop } from '../stats/paired.ts';
import { taskDrop } from '../tasks/paired-drops.ts';
import type { TaskScores } from '../tasks/record.ts';
import { intervalOfValues, perplexityInterval, ruleValues, type Rule } from '../tasks/record-scores.ts';
import type { TaskId } from '../tasks/result.ts';
import type { SweepPoint } from './sweep.ts';

/** Where a number came from: the record as saved, its outcomes, or the point's per-example records. */
export type StatSource = 'record' | 'outcomes' | 'examples';

export type Stat<T> = { value: T; source: StatSource; reason?: undefined } | { value: null; source?: undefined; reason: string };

const NO_OUTCOMES = 'these results hold no per-example outcomes (a share link leaves them out)';
const ESTIMATE_SLACK = 1e-9;

/** The kick factoid rule's note on the one question it scores beyond those it divides by. */
const EXTRA_LOOP_NOTE = 'extra loop step';

function unknown(reason: string): { value: null; reason: string } {
  return { value: null, reason };
}

function taskScores(point: SweepPoint, task: TaskId): TaskScores | undefined {
  return point.record.scores.find((s) => s.task === task);
}

/** A rule's outcomes from the point's per-example records: the finite scores, in example order. */
function exampleValues(point: SweepPoint, task: TaskId, rule: Rule): Array<{ id: string; value: number; extraLoop: boolean }> {
  const examples = point.examples.find((e) => e.task === task)?.examples ?? [];
  return examples.flatMap((e) => {
    const v = e.scores[rule];
    if (typeof v !== 'number' || !Number.isFinite(v)) return [];
    return [{ id: e.id, value: v, extraLoop: (e.notes ?? []).some((n) => n.startsWith(EXTRA_LOOP_NOTE)) }];
  });
}

/**
 * What the rule divides by when it is not the count. A record says so (`divisor`); a version 1
 * record does not, so the kick factoid rule's divisor is read off its examples: those scored
 * less the extra loop step, which that rule scores but does not divide by.
 */
function divisorOf(scores: TaskScores, rule: Rule, values: ReadonlyArray<{ extraLoop: boolean }>): number | undefined {
  if (scores[rule].divisor) return scores[rule].divisor;
  if (scores.task !== 'factoid' || rule !== 'kick') return undefined;
  const extra = values.filter((v) => v.extraLoop).length;
  return extra > 0 && values.length > extra ? values.length - extra : undefined;
}

function computeInterval(point: SweepPoint, task: TaskId, rule: Rule): Stat<ScoreInterval> {
  const s = taskScores(point, task);
  if (!s) return unknown(`the record has no ${task} score`);
  const recorded = s[rule].value;
  if (recorded === null) return unknown(`nothing was scored under the ${rule} rule`);
  if (s[rule].interval) return { value: s[rule].interval, source: 'record' };
  if (task === 'perplexity') {
    const interval = s.windows?.length ? perplexityInterval(s.windows) : null;
    return interval ? { value: interval, source: 'outcomes' } : unknown('the record keeps no per-window losses (it predates them), so perplexity has no interval');
  }
  if (s.outcomes.length) {
    const interval = intervalOfValues(ruleValues(s.outcomes, rule), s[rule].divisor);
    if (interval) return { value: interval, source: 'outcomes' };
  }
  const values = exampleValues(point, task, rule);
  if (values.length === 0) return unknown(NO_OUTCOMES);
  const interval = intervalOfValues(
    values.map((v) => v.value),
    divisorOf(s, rule, values),
  );
  // The examples must give the recorded score back, or their interval would be of something else.
  if (!interval || Math.abs(interval.estimate - recorded) > ESTIMATE_SLACK * Math.max(1, Math.abs(recorded))) {
    return unknown('the per-example records do not give the recorded score back, so no interval is drawn from them');
  }
  return { value: interval, source: 'examples' };
}

function computeDrop(point: SweepPoint, dense: SweepPoint, task: TaskId, rule: Rule): Stat<PairedDrop> {
  const s = taskScores(point, task);
  const d = taskScores(dense, task);
  if (!s || !d) return unknown(`${s ? 'dense' : 'this point'} has no ${task} score`);
  if (s[rule].value === null || d[rule].value === null) return unknown(`nothing was scored under the ${rule} rule at ${s[rule].value === null ? 'this point' : 'dense'}`);
  const saved = s.drop?.[rule];
  if (saved) return { value: saved, source: 'record' };
  const fromOutcomes = taskDrop(d, s)?.[rule];
  if (fromOutcomes) return { value: fromOutcomes, source: 'outcomes' };
  if (task === 'perplexity') return unknown('the records keep no per-window losses (they predate them), so there is no paired change');
  const compressed = exampleValues(point, task, rule);
  const denseById = new Map(exampleValues(dense, task, rule).map((v) => [v.id, v.value]));
  const paired = compressed.filter((c) => denseById.has(c.id));
  if (paired.length === 0) return unknown(compressed.length && denseById.size ? 'the two points share no examples' : NO_OUTCOMES);
  const divisor = divisorOf(s, rule, compressed);
  // As src/tasks/paired-drops.ts: a rule dividing by other than its count scales the paired means alike.
  const scale = divisor ? compressed.length / divisor : 1;
  const drop = pairedDrop(
    paired.map((c) => denseById.get(c.id) as number),
    paired.map((c) => c.value),
    { scale },
  );
  return { value: drop, source: 'examples' };
}

// Sweep points are never changed in place (a new point or sweep replaces them), so results can be
// kept per point object: charts and tables ask for the same numbers on every render.
const intervalCache = new WeakMap<SweepPoint, Map<string, Stat<ScoreInterval>>>();
const dropCache = new WeakMap<SweepPoint, WeakMap<SweepPoint, Map<string, Stat<PairedDrop>>>>();

/** A point's 95% interval for a task under a rule, in the record's units. */
export function scoreInterval(point: SweepPoint, task: TaskId, rule: Rule): Stat<ScoreInterval> {
  let byKey = intervalCache.get(point);
  if (!byKey) intervalCache.set(point, (byKey = new Map()));
  const key = `${task}/${rule}`;
  let stat = byKey.get(key);
  if (!stat) byKey.set(key, (stat = computeInterval(point, task, rule)));
  return stat;
}

/** A compressed point against dense on the same examples (record units), or why there is none. */
export function pointDrop(point: SweepPoint, dense: SweepPoint | null, task: TaskId, rule: Rule): Stat<PairedDrop> {
  if (!dense) return unknown('the sweep has no dense point yet');
  let byDense = dropCache.get(point);
  if (!byDense) dropCache.set(point, (byDense = new WeakMap()));
  let byKey = byDense.get(dense);
  if (!byKey) byDense.set(dense, (byKey = new Map()));
  const key = `${task}/${rule}`;
  let stat = byKey.get(key);
  if (!stat) byKey.set(key, (stat = computeDrop(point, dense, task, rule)));
  return stat;
}
