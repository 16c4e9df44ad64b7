// One task's pairwise verdicts summed over its examples: the judge's scores, the requests that
// failed and the replies that did not parse.
import { mean, type Score } from '../result.ts';
import type { PairwiseVerdict } from './pairwise.ts';

/** One group's (category's, bucket's) scores. */
export interface GroupScores {
  kick: number[];
  strict: number[];
  n: number;
}

export class JudgeTally {
  readonly kick: number[] = [];
  readonly strict: number[] = [];
  failedRequests = 0;
  unparseableKick = 0;
  unparseableStrict = 0;

  /**
   * Adds one example's verdict and returns its notes (an order that failed or did not parse).
   * Where the task's own checks score the examples (`checked`), the judge's scores are kept
   * beside them as judgeKick/judgeStrict; otherwise they are the example's and its group's scores.
   */
  add(v: PairwiseVerdict, scores: Record<string, number | null>, group: GroupScores, checked: boolean): string[] {
    this.failedRequests += v.failedRequests;
    this.unparseableKick += v.unparseableKick;
    this.unparseableStrict += v.unparseableStrict;
    scores[checked ? 'judgeKick' : 'kick'] = v.kick;
    scores[checked ? 'judgeStrict' : 'strict'] = v.strict;
    if (v.kick !== null) {
      this.kick.push(v.kick);
      if (!checked) group.kick.push(v.kick);
    }
    if (v.strict !== null) {
      this.strict.push(v.strict);
      if (!checked) group.strict.push(v.strict);
    }
    const notes: string[] = [];
    for (const o of v.orders) {
      if (o.error) notes.push(`judge ${o.order}: ${o.error}`);
      else if (o.candidateKick === null || o.candidateStrict === null) notes.push(`judge ${o.order} reply not parsed: ${JSON.stringify(o.reply)}`);
    }
    return notes;
  }

  /** The judge's kick and strict scores, described by the task; the labels say when no judge is configured. */
  scores(judged: boolean, kickLabel: string, strictLabel: string): { kick: Score; strict: Score } {
    const noJudge = judged ? '' : ' (no judge configured)';
    return {
      kick: { rule: 'kick', label: kickLabel + noJudge, value: mean(this.kick), count: this.kick.length, scale: 'judge' },
      strict: { rule: 'strict', label: strictLabel + noJudge, value: mean(this.strict), count: this.strict.length, scale: 'judge' },
    };
  }

  /**
   * The judge's entries in the task's metrics, null where no judge is configured: its own scores
   * where the task's checks score the examples (otherwise they are the task's kick and strict),
   * and the requests and replies that failed.
   */
  metrics(judged: boolean, checked: boolean): Record<string, number | null> {
    const ifJudged = (v: number | null): number | null => (judged ? v : null);
    return {
      ...(checked ? { judgeKick: ifJudged(mean(this.kick)), judgeStrict: ifJudged(mean(this.strict)) } : {}),
      judgeFailedRequests: ifJudged(this.failedRequests),
      judgeUnparseableKick: ifJudged(this.unparseableKick),
      judgeUnparseableStrict: ifJudged(this.unparseableStrict),
    };
  }
}
