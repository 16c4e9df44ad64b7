// Two or more sweeps side by side: what differs between them in plain words, and one drop table
// with a row per point, task and run, so that the same point reads across runs line by line.
import { dropTable, TASK_LABELS, type Rule, type ShownDrop, type ShownInterval, type VerdictBasis } from './derive.ts';
import type { MatchVerdict } from '../stats/interval.ts';
import type { TaskId } from '../tasks/result.ts';
import type { Sweep } from './sweep.ts';
import { verdictText } from './stat-format.ts';

/** Runs are named A, B, C... in the order they were picked. */
export const MAX_COMPARED = 4;

export function runLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

/** "A: kick-tiny: magnitude vs wanda": a run's letter and its name (or id). */
export function runName(sweep: Sweep, index: number): string {
  return `${runLetter(index)}: ${sweep.name || sweep.id}`;
}

export interface CompareRow {
  run: number;
  pointKey: string;
  label: string;
  task: TaskId;
  unit: string;
  score: number | null;
  scoreInterval: ShownInterval | null;
  dense: number | null;
  /** The paired loss (dense - score in points; compressed - dense for perplexity), with its interval and p. */
  paired: ShownDrop | null;
  /** The unpaired difference, where no paired drop could be had. */
  fallback: number | null;
  pairedWhy: string | null;
  verdict: MatchVerdict | null;
  verdictBasis: VerdictBasis | null;
}

/** Every compressed point of every run, grouped by task, then point, then run. */
export function compareRows(sweeps: Sweep[], rule: Rule): CompareRow[] {
  const rows: CompareRow[] = [];
  sweeps.forEach((sweep, run) => {
    const t = dropTable(sweep, rule);
    for (const r of t.rows) {
      rows.push({ run, pointKey: r.pointKey, label: r.label, task: r.task, unit: r.unit, score: r.score, scoreInterval: r.scoreInterval, dense: r.dense, paired: r.paired, fallback: r.dropPoints, pairedWhy: r.pairedWhy, verdict: r.verdict, verdictBasis: r.verdictBasis });
    }
    for (const p of t.perplexity) {
      if (p.value === null) continue;
      const fallback = p.dense !== null ? p.value - p.dense : null;
      rows.push({ run, pointKey: p.pointKey, label: p.label, task: 'perplexity', unit: 'perplexity', score: p.value, scoreInterval: p.interval, dense: p.dense, paired: p.paired, fallback, pairedWhy: p.pairedWhy, verdict: p.verdict, verdictBasis: p.verdictBasis });
    }
  });
  const taskOrder = [...new Set(sweeps.flatMap((s) => s.config.tasks.map((t) => t.task)))];
  const pointOrder = [...new Set(rows.map((r) => r.pointKey))];
  return rows.sort((a, b) => taskOrder.indexOf(a.task) - taskOrder.indexOf(b.task) || pointOrder.indexOf(a.pointKey) - pointOrder.indexOf(b.pointKey) || a.run - b.run);
}

function list(items: string[]): string {
  return items.length ? items.join(', ') : 'none';
}

/**
 * One sentence on a property of the runs: the same in all, or each run's value. Lists are the
 * same whatever their order (a sweep of wanda and magnitude has the methods of magnitude and wanda).
 */
function sameOrEach(what: string, values: string[][]): string {
  const key = (v: string[]) => [...v].sort().join('\u0000');
  if (values.every((v) => key(v) === key(values[0]))) return `Same ${what} in ${values.length === 2 ? 'both' : 'all'}: ${list(values[0])}.`;
  return `${what[0].toUpperCase()}${what.slice(1)} differ: ${values.map((v, i) => `${runLetter(i)} ${list(v)}`).join('; ')}.`;
}

function taskName(task: TaskId): string {
  return task === 'perplexity' ? 'perplexity' : TASK_LABELS[task];
}

function modelOf(s: Sweep): string {
  const m = s.config.model;
  return `${m.id} @ ${m.revision} (${m.dtype})`;
}

/** What a person should know before reading two runs' numbers against each other. */
export function compareSummary(sweeps: Sweep[], rule: Rule): string[] {
  const lines = [sameOrEach('model', sweeps.map((s) => [modelOf(s)]))];
  lines.push(sameOrEach('methods', sweeps.map((s) => s.config.methods.map((m) => m.id))));
  lines.push(sameOrEach('tasks', sweeps.map((s) => s.config.tasks.map((t) => taskName(t.task)))));
  lines.push(sameOrEach('examples per task', sweeps.map((s) => s.config.tasks.map((t) => `${taskName(t.task)} ${t.size === 'full' ? 'all' : t.size}`))));
  lines.push(verdictSentence(sweeps, rule));
  return lines;
}

function verdictWords(r: CompareRow): string {
  return r.verdict === null || r.verdictBasis === null ? 'no verdict' : verdictText(r.verdict, r.verdictBasis, r.paired?.n ?? null).words;
}

/** Where two runs measured the same point on the same task: do their verdicts agree? */
function verdictSentence(sweeps: Sweep[], rule: Rule): string {
  const byPlace = new Map<string, CompareRow[]>();
  for (const r of compareRows(sweeps, rule)) {
    const k = `${r.task}\u0000${r.pointKey}`;
    byPlace.set(k, [...(byPlace.get(k) ?? []), r]);
  }
  const shared = [...byPlace.values()].filter((rows) => rows.length > 1);
  if (!shared.length) return 'No point was measured on the same task in more than one run, so no verdicts can be set side by side.';
  const differing = shared.filter((rows) => rows.some((r) => r.verdict !== rows[0].verdict));
  if (!differing.length) return `Verdicts agree at all ${shared.length} points measured on the same task in more than one run (${rule} rule).`;
  const places = differing.map((rows) => `${rows[0].label} on ${taskName(rows[0].task)} (${rows.map((r) => `${runLetter(r.run)} ${verdictWords(r)}`).join(', ')})`);
  return `Verdicts differ at ${differing.length} of ${shared.length} shared points (${rule} rule): ${places.join('; ')}.`;
}
