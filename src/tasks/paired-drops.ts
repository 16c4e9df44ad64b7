// The drop of a compressed point from dense, paired on the examples both scored: per task and
// rule, the drop with its interval and p-value and the three-way matching verdict.
import { pairedDrop, pairedPerplexityDrop } from '../stats/paired.ts';
import type { RecordedDrop, RunRecord, TaskScores } from './record.ts';
import type { Rule } from './record-scores.ts';

function ruleDrop(dense: TaskScores, compressed: TaskScores, rule: Rule): RecordedDrop | null {
  const denseById = new Map<string, number>();
  for (const o of dense.outcomes) if (o[rule] !== null) denseById.set(o.id, o[rule] as number);
  const d: number[] = [];
  const c: number[] = [];
  for (const o of compressed.outcomes) {
    const base = denseById.get(o.id);
    if (base === undefined || o[rule] === null) continue;
    d.push(base);
    c.push(o[rule] as number);
  }
  if (d.length === 0) return null;
  const divisor = compressed[rule].divisor;
  // The kick factoid rule's n + 1 over n, applied to the paired means as to the scores.
  const scale = divisor ? ruleCount(compressed, rule) / divisor : 1;
  return pairedDrop(d, c, { scale });
}

function ruleCount(t: TaskScores, rule: Rule): number {
  return t.outcomes.filter((o) => o[rule] !== null).length;
}

/** Null where the two points share no examples (other data, or outcomes left out of a link). */
export function taskDrop(dense: TaskScores, compressed: TaskScores): TaskScores['drop'] {
  if (dense.task !== compressed.task) throw new RangeError(`cannot pair ${compressed.task} with ${dense.task}`);
  if (compressed.task === 'perplexity') {
    const n = Math.min(dense.windows?.length ?? 0, compressed.windows?.length ?? 0);
    if (n === 0) return undefined;
    const drop = pairedPerplexityDrop(dense.windows!.slice(0, n), compressed.windows!.slice(0, n));
    return { kick: drop, strict: drop };
  }
  const kick = ruleDrop(dense, compressed, 'kick');
  const strict = ruleDrop(dense, compressed, 'strict');
  return kick || strict ? { kick, strict } : undefined;
}

/** The compressed record with each task's paired drop from the dense record's same task. */
export function withDrops(compressed: RunRecord, dense: RunRecord): RunRecord {
  const denseByTask = new Map(dense.scores.map((s) => [s.task, s]));
  return {
    ...compressed,
    scores: compressed.scores.map((s) => {
      const base = denseByTask.get(s.task);
      const drop = base ? taskDrop(base, s) : undefined;
      const { drop: _old, ...rest } = s;
      return drop ? { ...rest, drop } : rest;
    }),
  };
}
