// How many examples of each task a run evaluates, and how its progress names them: each task's
// count as asked, and the kick factoid rule's extra question shown apart from those asked.
import type { TaskId } from '../tasks/result.ts';
import { resolveSizes, type SuiteSizes } from '../tasks/suite.ts';

/** The suite's setting each task's count goes to. */
const SIZE_OF: Record<TaskId, keyof SuiteSizes> = {
  factoid: 'factoid',
  mcr: 'mcrPerSubject',
  icr_closed: 'icr',
  icr_open: 'icrOpen',
  summarization: 'summarizationPerBucket',
  instruction: 'instructionPerCategory',
  perplexity: 'perplexityWindows',
};

/** `limit` for every task (null: the laptop defaults), then each task's own count over it. */
export function suiteSizes(limit: number | null, sizes: Partial<Record<TaskId, number>> = {}): SuiteSizes {
  const base: Partial<SuiteSizes> =
    limit === null ? {} : { factoid: limit, mcrPerSubject: limit, icr: limit, summarizationPerBucket: limit, instructionPerCategory: limit, perplexityWindows: limit };
  for (const [task, n] of Object.entries(sizes) as Array<[TaskId, number | undefined]>) if (n !== undefined) base[SIZE_OF[task]] = n;
  return resolveSizes(base);
}

/**
 * "factoid 12/20 + 1 loop example": a task's progress in the count asked. The factoid runner goes
 * one question past `factoidAsked` for the kick rule; that one is named apart.
 */
export function evaluateDetail(task: TaskId, done: number, total: number, factoidAsked: number | null): string {
  if (task === 'factoid' && factoidAsked !== null && total === factoidAsked + 1) return `factoid ${Math.min(done, factoidAsked)}/${factoidAsked} + 1 loop example`;
  return `${task} ${done}/${total}`;
}
