// What the results views show, computed from a sweep: score curves per method, the dense line and
// the matching band, drop tables, perplexity on the same axis, per-layer rows, example pairs.
import { parsePattern } from '../compress/params.ts';
import { recipeLabel, type RecipeLevel } from '../compress/recipe-label.ts';
import type { RunRecord } from '../tasks/record.ts';
import type { ScoreScale, TaskId } from '../tasks/result.ts';
import { DENSE_METHOD, methodSchedule, type PointSpec, type Sweep, type SweepConfig, type SweepPoint } from './sweep.ts';

export type Rule = 'kick' | 'strict';
export type Axis = 'sparsity' | 'bits';

/** The paper's definition: a compressed model "matches" when it is within 5% of dense, relative. */
export const MATCH_TOLERANCE = 0.05;

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

export interface ChartPoint {
  x: number;
  y: number | null;
  pointKey: string;
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
  dense: number | null;
  /** [dense * (1 - 5%), dense * (1 + 5%)]; null where there is no dense value or no band (perplexity). */
  band: { low: number; high: number } | null;
  series: ChartSeries[];
}

/**
 * One chart: a curve per method. On the sparsity axis each curve starts at 0% with the dense
 * value (the model before pruning); on the bits axis dense is the horizontal line only.
 */
export function chartData(sweep: Sweep, task: TaskId, axis: Axis, rule: Rule): ChartData {
  const dense = densePoint(sweep);
  const denseValue = dense ? scoreOf(dense.record, task, rule) : null;
  const bySeries = new Map<string, ChartSeries>();
  for (const p of compressedPoints(sweep)) {
    const a = axisOf(p.spec);
    if (!a || a.axis !== axis) continue;
    const s = seriesOf(p.spec);
    let series = bySeries.get(s.key);
    if (!series) {
      series = { key: s.key, label: s.label, points: [] };
      if (axis === 'sparsity' && dense) series.points.push({ x: 0, y: denseValue, pointKey: dense.key });
      bySeries.set(s.key, series);
    }
    series.points.push({ x: a.x, y: scoreOf(p.record, task, rule), pointKey: p.key });
  }
  for (const s of bySeries.values()) s.points.sort((a, b) => a.x - b.x);
  const band = task !== 'perplexity' && denseValue !== null ? { low: denseValue * (1 - MATCH_TOLERANCE), high: denseValue * (1 + MATCH_TOLERANCE) } : null;
  const first = dense ?? compressedPoints(sweep)[0];
  const unit = first ? recordScale(first.record, task, rule).unit : TASK_SCALES[task].unit;
  return { task, axis, rule, unit, dense: denseValue, band, series: [...bySeries.values()] };
}

/** Matching: no worse than dense by more than 5% of dense (better than dense also matches). */
export function isMatching(task: TaskId, score: number | null, dense: number | null): boolean | null {
  if (score === null || dense === null) return null;
  if (TASK_SCALES[task].higherIsBetter) return score >= dense * (1 - MATCH_TOLERANCE) - 1e-12;
  return score <= dense * (1 + MATCH_TOLERANCE) + 1e-12;
}

export interface DropRow {
  pointKey: string;
  label: string;
  task: TaskId;
  score: number | null;
  dense: number | null;
  /** dense - score, in display units (percentage points for accuracies). */
  dropPoints: number | null;
  /** (dense - score) / dense * 100. */
  dropPercent: number | null;
  matching: boolean | null;
}

export interface DropTable {
  rule: Rule;
  tasks: TaskId[];
  rows: DropRow[];
  perplexity: Array<{ pointKey: string; label: string; value: number | null; dense: number | null; changePercent: number | null }>;
}

export function dropRow(task: TaskId, point: SweepPoint, dense: SweepPoint | null, rule: Rule, config?: SweepConfig): DropRow {
  const score = scoreOf(point.record, task, rule);
  const d = dense ? scoreOf(dense.record, task, rule) : null;
  const dropPoints = score !== null && d !== null ? d - score : null;
  const dropPercent = dropPoints !== null && d !== null && d !== 0 ? (dropPoints / d) * 100 : null;
  return { pointKey: point.key, label: pointLabel(point.spec, config), task, score, dense: d, dropPoints, dropPercent, matching: isMatching(task, score, d) };
}

export function dropTable(sweep: Sweep, rule: Rule): DropTable {
  const dense = densePoint(sweep);
  const tasks = scoreTasks(sweep);
  const points = compressedPoints(sweep);
  const rows = points.flatMap((p) => tasks.map((t) => dropRow(t, p, dense, rule, sweep.config)));
  const pDense = dense ? perplexityOf(dense.record) : null;
  const perplexity = points.map((p) => {
    const value = perplexityOf(p.record);
    const changePercent = value !== null && pDense !== null && pDense !== 0 ? ((value - pDense) / pDense) * 100 : null;
    return { pointKey: p.key, label: pointLabel(p.spec, sweep.config), value, dense: pDense, changePercent };
  });
  return { rule, tasks, rows, perplexity };
}

export function hasPerplexity(sweep: Sweep): boolean {
  return sweep.points.some((p) => perplexityOf(p.record) !== null);
}

export interface ExamplePair {
  id: string;
  group: string | undefined;
  prompt: string;
  denseOutput: string | null;
  output: string;
  denseScore: number | null;
  score: number | null;
  notes: string[];
}

/** Each example of one compressed point next to the dense model's answer to the same prompt. */
export function examplePairs(sweep: Sweep, pointKey: string, task: TaskId, rule: Rule): ExamplePair[] {
  const point = sweep.points.find((p) => p.key === pointKey);
  if (!point) return [];
  const dense = densePoint(sweep);
  const denseById = new Map((dense?.examples.find((e) => e.task === task)?.examples ?? []).map((e) => [e.id, e]));
  const examples = point.examples.find((e) => e.task === task)?.examples ?? [];
  return examples.map((e) => {
    const d = denseById.get(e.id);
    return {
      id: e.id,
      group: e.group,
      prompt: e.prompt,
      denseOutput: d ? d.output : null,
      output: e.output,
      denseScore: d ? (d.scores[rule] ?? null) : null,
      score: e.scores[rule] ?? null,
      notes: e.notes ?? [],
    };
  });
}

export function formatNumber(v: number | null, digits = 2): string {
  if (v === null || !Number.isFinite(v)) return '—';
  return v.toFixed(digits);
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
