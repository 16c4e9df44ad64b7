// A task's result as the record keeps it: both scores with their 95% intervals, computed from the
// per-example outcomes the record carries beside them, so that a reader can recompute each one.
import { bootstrapMean, bootstrapPerplexity, type WindowNll } from '../stats/bootstrap.ts';
import type { ScoreInterval } from '../stats/interval.ts';
import { isBinary, wilsonInterval } from '../stats/proportion.ts';
import { windowsOf } from './perplexity.ts';
import type { Outcome, RecordedScore, TaskScores } from './record.ts';
import type { ExampleRecord, Score, TaskResult } from './result.ts';

export type Rule = 'kick' | 'strict';

/** The outcomes a rule scored, in example order. */
export function ruleValues(outcomes: readonly Outcome[], rule: Rule): number[] {
  return outcomes.flatMap((o) => (o[rule] === null ? [] : [o[rule] as number]));
}

/**
 * Interval of a rule's mean over its outcomes: Wilson's for right/wrong outcomes, a seeded
 * bootstrap over examples for graded ones. A rule that divides by something other than the count
 * (kick factoid: n + 1 answers over n) scales the interval as it scales the value.
 */
export function intervalOfValues(values: readonly number[], divisor?: number): ScoreInterval | null {
  if (values.length === 0) return null;
  const scale = divisor ? values.length / divisor : 1;
  const base = isBinary(values) ? wilsonInterval(values.filter((v) => v === 1).length, values.length) : bootstrapMean(values);
  return { ...base, estimate: base.estimate * scale, se: base.se * scale, low: base.low * scale, high: base.high * scale };
}

export function perplexityInterval(windows: readonly WindowNll[]): ScoreInterval | null {
  return windows.length ? bootstrapPerplexity(windows) : null;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function outcomeOf(e: ExampleRecord): Promise<Outcome> {
  const rule = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return { id: e.id, promptHash: await sha256Hex(e.prompt), output: e.output, targets: e.targets ?? [], kick: rule(e.scores.kick), strict: rule(e.scores.strict) };
}

function recorded(score: Score, interval: ScoreInterval | null): RecordedScore {
  return { ...score, interval: score.value === null ? null : interval };
}

/** A task's numbers for the record: scores with intervals, outcomes, and perplexity's windows. */
export async function taskScoresOf(r: TaskResult): Promise<TaskScores> {
  const common = {
    task: r.task,
    dataset: r.dataset,
    metrics: r.metrics,
    groups: r.groups,
    skipped: r.skipped,
    truncated: r.truncated,
    timingMs: r.timingMs,
  };
  if (r.task === 'perplexity') {
    const windows = windowsOf(r.examples);
    const interval = perplexityInterval(windows);
    return { ...common, kick: recorded(r.kick, interval), strict: recorded(r.strict, interval), outcomes: [], windows };
  }
  const outcomes = await Promise.all(r.examples.map(outcomeOf));
  return {
    ...common,
    kick: recorded(r.kick, intervalOfValues(ruleValues(outcomes, 'kick'), r.kick.divisor)),
    strict: recorded(r.strict, intervalOfValues(ruleValues(outcomes, 'strict'), r.strict.divisor)),
    outcomes,
  };
}
