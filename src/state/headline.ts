// One plain sentence per compressed point, for the top of a result and the back row of a class:
// "wanda 50%: factoid QA −20 points, open book ±0, perplexity +2%". The numbers are the drop
// table's (the paired drop where there is one, else the two scores' difference) and each carries
// the table's verdict.
import type { MatchVerdict } from '../stats/interval.ts';
import type { TaskId } from '../tasks/result.ts';
import { dropTable, type Rule } from './derive.ts';
import type { Sweep } from './sweep.ts';

/** Task names short enough to read from the back of a room. */
export const HEADLINE_TASKS: Record<TaskId, string> = {
  factoid: 'factoid QA',
  mcr: 'multiple choice',
  icr_closed: 'closed book',
  icr_open: 'open book',
  summarization: 'summaries',
  instruction: 'instructions',
  perplexity: 'perplexity',
};

export interface HeadlinePart {
  task: TaskId;
  /** "factoid QA −20 points", "open book −1", "perplexity +2%". */
  text: string;
  verdict: MatchVerdict | null;
}

export interface Headline {
  pointKey: string;
  label: string;
  parts: HeadlinePart[];
  sentence: string;
}

const MINUS = '\u2212';

/** A signed whole number: −20, +3, ±0 (a rounded zero has no sign). */
export function signedWhole(v: number): string {
  const r = Math.round(v);
  if (r === 0) return '\u00b10';
  return r > 0 ? `+${r}` : `${MINUS}${-r}`;
}

function signedJudge(v: number): string {
  const r = Math.round(v * 10) / 10;
  if (r === 0) return '\u00b10';
  return r > 0 ? `+${r.toFixed(1)}` : `${MINUS}${(-r).toFixed(1)}`;
}

/** Every compressed point's headline under `rule`, in the sweep's order; none without dense. */
export function headlines(sweep: Sweep, rule: Rule): Headline[] {
  const table = dropTable(sweep, rule);
  const keys = [...new Set(table.perplexity.map((r) => r.pointKey))];
  return keys.flatMap((key) => {
    const parts: HeadlinePart[] = [];
    let pointsSaid = false;
    let label = '';
    for (const row of table.rows.filter((r) => r.pointKey === key)) {
      label = row.label;
      const loss = row.paired?.loss ?? row.dropPoints;
      if (loss === null) continue;
      const name = HEADLINE_TASKS[row.task];
      if (row.unit === '%') {
        // Only the first percentage says its unit; the rest read on from it.
        parts.push({ task: row.task, text: `${name} ${signedWhole(-loss)}${pointsSaid ? '' : ' points'}`, verdict: row.verdict });
        pointsSaid = true;
      } else parts.push({ task: row.task, text: `${name} ${signedJudge(-loss)} on the 1\u201310 judge scale`, verdict: row.verdict });
    }
    const ppl = table.perplexity.find((r) => r.pointKey === key);
    label ||= ppl?.label ?? key;
    if (ppl?.changePercent !== null && ppl?.changePercent !== undefined) parts.push({ task: 'perplexity', text: `perplexity ${signedWhole(ppl.changePercent)}%`, verdict: ppl.verdict });
    if (parts.length === 0) return [];
    return [{ pointKey: key, label, parts, sentence: `${label}: ${parts.map((p) => p.text).join(', ')}` }];
  });
}
