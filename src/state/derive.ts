// What the results views show, computed from a sweep: score curves per method with 95% intervals,
// the dense line with its interval and the one-sided matching band, drop tables with the paired
// drop and its verdict, perplexity on the same axis, per-layer rows, example pairs.
import { parsePattern } from '../compress/params.ts';
import { recipeLabel, type RecipeLevel } from '../compress/recipe-label.ts';
import { MATCH_TOLERANCE, type MatchVerdict, type PairedTest, type ScoreInterval } from '../stats/interval.ts';
import type { RunRecord } from '../tasks/record.ts';
import type { ScoreScale, TaskId } from '../tasks/result.ts';
import { pointDrop, scoreInterval, type Stat, type StatSource } from './uncertainty.ts';
import { DENSE_METHOD, methodSchedule, type PointSpec, type Sweep, type SweepConfig, type SweepPoint } from './sweep.ts';

export type Rule = 'kick' | 'strict';
export type Axis = 'sparsity' | 'bits';

/** The paper's definition: a compressed model "matches" when it is within 5% of dense, relative. */
export { MATCH_TOLERANCE };

export interface TaskScale {
  /** Multiplies the record's value for display (fractions become percent). */
  factor: number;
  unit: string;
  /** Width of the possible range in record units: one example moves a mean by range / count at most. */
  range: number;
  higherIsBetter: boolean;
}

const PERCENT: TaskScale = { factor: 100, unit: '%', range: 1, higherIsBetter: true };
const JUDGE: TaskScale = { factor: 1, unit: 'judge score (1-10)', range: 9, higherIsBetter: true };

export const TASK_SCALES: Record<TaskId, TaskScale> = {
  factoid: PERCENT,
  mcr: PERCENT,
  icr_closed: PERCENT,
  icr_open: PERCENT,
  summarization: JUDGE,
  instruction: JUDGE,
  perplexity: { factor: 1, unit: 'perplexity', range: Infinity, higherIsBetter: false },
};

export const TASK_LABELS: Record<TaskId, string> = {
  factoid: 'Factoid QA',
  mcr: 'Multiple-choice reasoning',
  icr_closed: 'In-context retrieval (closed book)',
  icr_open: 'In-context retrieval (open book)',
  summarization: 'Summarization',
  instruction: 'Instruction following',
  perplexity: 'Perplexity',
};

/**
 * The scale of a score: a record says when a task was scored the other way (KICK-world's
 * summaries and instructions by built-in checks, as fractions, instead of a judge's 1-10).
 */
export function scaleOf(task: TaskId, scale?: ScoreScale): TaskScale {
  if (scale === 'fraction') return PERCENT;
  if (scale === 'judge') return JUDGE;
  return TASK_SCALES[task];
}

/** The scale a record's score of `task` is on (the task's usual one when the record has none). */
export function recordScale(record: RunRecord, task: TaskId, rule: Rule): TaskScale {
  return scaleOf(task, record.scores.find((t) => t.task === task)?.[rule].scale);
}

/** A task's score in display units (percent for accuracies), or null when absent. */
export function scoreOf(record: RunRecord, task: TaskId, rule: Rule): number | null {
  if (task === 'perplexity') return perplexityOf(record);
  const s = record.scores.find((t) => t.task === task);
  const v = s?.[rule].value ?? null;
  return v === null || !s ? null : v * scaleOf(task, s[rule].scale).factor;
}

export function perplexityOf(record: RunRecord): number | null {
  if (record.perplexity !== null) return record.perplexity;
  return record.scores.find((t) => t.task === 'perplexity')?.kick.value ?? null;
}

export function axisOf(spec: PointSpec): { axis: Axis; x: number } | null {
  if (spec.method === DENSE_METHOD) return null;
  if (spec.sparsity !== null) return { axis: 'sparsity', x: round6(spec.sparsity * 100) };
  if (spec.pattern !== null) {
    const [n, m] = spec.pattern.split(':').map(Number);
    return { axis: 'sparsity', x: round6((n / m) * 100) };
  }
  if (spec.bits !== null) return { axis: 'bits', x: spec.bits };
  return null;
}

/** Points of one curve share a method and every setting but the x value. */
export function seriesOf(spec: PointSpec): { key: string; label: string } {
  const a = axisOf(spec);
  if (!a) return { key: DENSE_METHOD, label: recipeLabel(null) };
  if (a.axis === 'bits') return { key: `${spec.method}|bits`, label: recipeLabel(spec.method) };
  const parts = [spec.method];
  if (spec.pattern) parts.push(spec.pattern);
  if (spec.bits !== null) parts.push(`${spec.bits}-bit`);
  // The curve's x is the sparsity, so its name shows everything else.
  return { key: parts.join(' '), label: recipeLabel(spec.method, levelOf({ ...spec, sparsity: null })) };
}

/**
 * A point's name, as the worker reports it during the run (src/compress/recipe-label.ts). The
 * sweep's config tells the method's schedule; without it, an OWL point is named as uniform.
 */
export function pointLabel(spec: PointSpec, config?: SweepConfig | null): string {
  if (spec.method === DENSE_METHOD) return recipeLabel(null);
  return recipeLabel(spec.method, { ...levelOf(spec), schedule: config ? methodSchedule(config, spec.method) : undefined });
}

function levelOf(spec: PointSpec): RecipeLevel {
  return { sparsity: spec.sparsity, pattern: spec.pattern === null ? null : parsePattern(spec.pattern), bits: spec.bits };
}

export function densePoint(sweep: Sweep): SweepPoint | null {
  return sweep.points.find((p) => p.spec.method === DENSE_METHOD) ?? null;
}

export function compressedPoints(sweep: Sweep): SweepPoint[] {
  return sweep.points.filter((p) => p.spec.method !== DENSE_METHOD);
}

/** Tasks with a score chart, in config order (perplexity has its own chart). */
export function scoreTasks(sweep: Sweep): TaskId[] {
  return sweep.config.tasks.map((t) => t.task).filter((t) => t !== 'perplexity');
}

export function axesOf(sweep: Sweep): Axis[] {
  const found = new Set(compressedPoints(sweep).map((p) => axisOf(p.spec)?.axis));
  return (['sparsity', 'bits'] as const).filter((a) => found.has(a));
}

/** A 95% interval in display units, with the number of examples (or windows) behind it. */
export interface ShownInterval {
  low: number;
  high: number;
  n: number;
}

export interface ChartPoint {
  x: number;
  y: number | null;
  pointKey: string;
  /** The 95% interval in the value's units; nulls with `why` where it is unknown. */
  low: number | null;
  high: number | null;
  n: number | null;
  why: string | null;
  /** The dense model's value at the start of a sparsity curve: its interval is the dense line's. */
  isDense: boolean;
}

export interface ChartSeries {
  key: string;
  label: string;
  points: ChartPoint[];
}

export interface ChartData {
  task: TaskId;
  axis: Axis;
  rule: Rule;
  unit: string;
  higherIsBetter: boolean;
  dense: number | null;
  denseInterval: ShownInterval | null;
  /** Why the dense value has no interval (null when it has one or there is no dense value). */
  denseWhy: string | null;
  /**
   * The matching band, one-sided: [0.95 dense, dense] where higher is better, [dense, 1.05 dense]
   * for perplexity; null where there is no dense value.
   */
  band: { low: number; high: number } | null;
  series: ChartSeries[];
}

function shown(stat: Stat<ScoreInterval>, factor: number): { interval: ShownInterval | null; why: string | null } {
  if (stat.value === null) return { interval: null, why: stat.reason };
  return { interval: { low: stat.value.low * factor, high: stat.value.high * factor, n: stat.value.n }, why: null };
}

/** A point's score and interval in display units (`unit`). */
export function shownScore(point: SweepPoint, task: TaskId, rule: Rule): { value: number | null; unit: string; interval: ShownInterval | null; why: string | null } {
  const value = scoreOf(point.record, task, rule);
  const scale = recordScale(point.record, task, rule);
  if (value === null) return { value, unit: scale.unit, interval: null, why: 'no score' };
  return { value, unit: scale.unit, ...shown(scoreInterval(point, task, rule), scale.factor) };
}

function chartPoint(x: number, point: SweepPoint, task: TaskId, rule: Rule, isDense: boolean): ChartPoint {
  const s = shownScore(point, task, rule);
  return { x, y: s.value, pointKey: point.key, low: s.interval?.low ?? null, high: s.interval?.high ?? null, n: s.interval?.n ?? null, why: s.why, isDense };
}

/** The matching band: within 5% of dense on the losing side only (better than dense also matches). */
export function matchingBand(dense: number, higherIsBetter: boolean): { low: number; high: number } {
  return higherIsBetter ? { low: dense * (1 - MATCH_TOLERANCE), high: dense } : { low: dense, high: dense * (1 + MATCH_TOLERANCE) };
}

/**
 * One chart: a curve per method. On the sparsity axis each curve starts at 0% with the dense
 * value (the model before pruning); on the bits axis dense is the horizontal line only.
 */
export function chartData(sweep: Sweep, task: TaskId, axis: Axis, rule: Rule): ChartData {
  const dense = densePoint(sweep);
  const denseShown = dense ? shownScore(dense, task, rule) : null;
  const denseValue = denseShown?.value ?? null;
  const bySeries = new Map<string, ChartSeries>();
  for (const p of compressedPoints(sweep)) {
    const a = axisOf(p.spec);
    if (!a || a.axis !== axis) continue;
    const s = seriesOf(p.spec);
    let series = bySeries.get(s.key);
    if (!series) {
      series = { key: s.key, label: s.label, points: [] };
      if (axis === 'sparsity' && dense) series.points.push(chartPoint(0, dense, task, rule, true));
      bySeries.set(s.key, series);
    }
    series.points.push(chartPoint(a.x, p, task, rule, false));
  }
  for (const s of bySeries.values()) s.points.sort((a, b) => a.x - b.x);
  const first = dense ?? compressedPoints(sweep)[0];
  const scale = first ? recordScale(first.record, task, rule) : TASK_SCALES[task];
  const band = denseValue !== null ? matchingBand(denseValue, scale.higherIsBetter) : null;
  return {
    task,
    axis,
    rule,
    unit: scale.unit,
    higherIsBetter: scale.higherIsBetter,
    dense: denseValue,
    denseInterval: denseShown?.interval ?? null,
    denseWhy: denseValue === null ? null : (denseShown?.why ?? null),
    band,
    series: [...bySeries.values()],
  };
}

/** Matching by the point estimates alone: no worse than dense by more than 5% of dense (better also matches). */
export function isMatching(task: TaskId, score: number | null, dense: number | null): boolean | null {
  if (score === null || dense === null) return null;
  if (TASK_SCALES[task].higherIsBetter) return score >= dense * (1 - MATCH_TOLERANCE) - 1e-12;
  return score <= dense * (1 + MATCH_TOLERANCE) + 1e-12;
}

/**
 * The paired comparison in display units, signed so that a positive number is a loss: dense -
 * compressed for scores (points), compressed - dense for perplexity.
 */
export interface ShownDrop {
  loss: number;
  low: number;
  high: number;
  n: number;
  p: number;
  test: PairedTest;
  source: StatSource;
}

/**
 * paired: the verdict of the paired interval (matches, does not match, undecided); point-estimate:
 * no paired drop could be had, so the two scores are compared without their uncertainty.
 */
export type VerdictBasis = 'paired' | 'point-estimate';

interface Compared {
  paired: ShownDrop | null;
  /** Why there is no paired drop. */
  pairedWhy: string | null;
  verdict: MatchVerdict | null;
  verdictBasis: VerdictBasis | null;
}

function compared(task: TaskId, point: SweepPoint, dense: SweepPoint | null, rule: Rule, score: number | null, denseScore: number | null): Compared {
  const stat = pointDrop(point, dense, task, rule);
  if (stat.value !== null) {
    const d = stat.value;
    const factor = recordScale(point.record, task, rule).factor;
    const higherIsBetter = task !== 'perplexity';
    // The record's drop is compressed - dense; flip it where losing means a lower score.
    const sign = higherIsBetter ? -factor : factor;
    const [low, high] = [d.low * sign, d.high * sign].sort((a, b) => a - b);
    return { paired: { loss: d.drop * sign, low, high, n: d.n, p: d.p, test: d.test, source: stat.source }, pairedWhy: null, verdict: d.verdict, verdictBasis: 'paired' };
  }
  const m = isMatching(task, score, denseScore);
  return { paired: null, pairedWhy: stat.reason, verdict: m === null ? null : m ? 'matches' : 'does-not-match', verdictBasis: m === null ? null : 'point-estimate' };
}

export interface DropRow extends Compared {
  pointKey: string;
  label: string;
  task: TaskId;
  /** The display unit of score, dense and drop ('%' for accuracies, else the judge's scale). */
  unit: string;
  score: number | null;
  scoreInterval: ShownInterval | null;
  scoreWhy: string | null;
  dense: number | null;
  denseInterval: ShownInterval | null;
  denseWhy: string | null;
  /** dense - score, in display units (percentage points for accuracies). */
  dropPoints: number | null;
  /** (dense - score) / dense * 100. */
  dropPercent: number | null;
}

export interface PerplexityRow extends Compared {
  pointKey: string;
  label: string;
  value: number | null;
  interval: ShownInterval | null;
  why: string | null;
  dense: number | null;
  denseInterval: ShownInterval | null;
  denseWhy: string | null;
  changePercent: number | null;
}

export interface DropTable {
  rule: Rule;
  tasks: TaskId[];
  rows: DropRow[];
  perplexity: PerplexityRow[];
}

const NO_DENSE = { value: null, interval: null, why: 'the sweep has no dense point yet' };

export function dropRow(task: TaskId, point: SweepPoint, dense: SweepPoint | null, rule: Rule, config?: SweepConfig): DropRow {
  const s = shownScore(point, task, rule);
  const d = dense ? shownScore(dense, task, rule) : NO_DENSE;
  const dropPoints = s.value !== null && d.value !== null ? d.value - s.value : null;
  const dropPercent = dropPoints !== null && d.value !== null && d.value !== 0 ? (dropPoints / d.value) * 100 : null;
  return {
    pointKey: point.key,
    label: pointLabel(point.spec, config),
    task,
    unit: s.unit,
    score: s.value,
    scoreInterval: s.interval,
    scoreWhy: s.why,
    dense: d.value,
    denseInterval: d.interval,
    denseWhy: d.why,
    dropPoints,
    dropPercent,
    ...compared(task, point, dense, rule, s.value, d.value),
  };
}

function perplexityRow(point: SweepPoint, dense: SweepPoint | null, rule: Rule, config: SweepConfig): PerplexityRow {
  const s = shownScore(point, 'perplexity', rule);
  const d = dense ? shownScore(dense, 'perplexity', rule) : NO_DENSE;
  const changePercent = s.value !== null && d.value !== null && d.value !== 0 ? ((s.value - d.value) / d.value) * 100 : null;
  return {
    pointKey: point.key,
    label: pointLabel(point.spec, config),
    value: s.value,
    interval: s.interval,
    why: s.why,
    dense: d.value,
    denseInterval: d.interval,
    denseWhy: d.why,
    changePercent,
    ...compared('perplexity', point, dense, rule, s.value, d.value),
  };
}

export function dropTable(sweep: Sweep, rule: Rule): DropTable {
  const dense = densePoint(sweep);
  const tasks = scoreTasks(sweep);
  const points = compressedPoints(sweep);
  const rows = points.flatMap((p) => tasks.map((t) => dropRow(t, p, dense, rule, sweep.config)));
  const perplexity = points.map((p) => perplexityRow(p, dense, rule, sweep.config));
  return { rule, tasks, rows, perplexity };
}

export function hasPerplexity(sweep: Sweep): boolean {
  return sweep.points.some((p) => perplexityOf(p.record) !== null);
}

export function formatNumber(v: number | null, digits = 2): string {
  if (v === null || !Number.isFinite(v)) return '—';
  return v.toFixed(digits);
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
