import { describe, expect, it } from 'vitest';
import type { PairwiseVerdict } from './pairwise.ts';
import { JudgeTally, type GroupScores } from './tally.ts';

function verdict(kick: number | null, strict: number | null, failures: Partial<PairwiseVerdict> = {}): PairwiseVerdict {
  return { orders: [], kick, strict, failedRequests: 0, unparseableKick: 0, unparseableStrict: 0, ...failures };
}

function emptyGroup(): GroupScores {
  return { kick: [], strict: [], n: 0 };
}

describe('JudgeTally', () => {
  it('scores the examples and their group where no check does', () => {
    const tally = new JudgeTally();
    const group = emptyGroup();
    const scores: Record<string, number | null> = {};
    tally.add(verdict(8, 6), scores, group, false);
    tally.add(verdict(null, 4, { unparseableKick: 1 }), {}, group, false);
    expect(scores).toEqual({ kick: 8, strict: 6 });
    expect(group).toEqual({ kick: [8], strict: [6, 4], n: 0 });
    expect(tally.metrics(true, false)).toEqual({ judgeFailedRequests: 0, judgeUnparseableKick: 1, judgeUnparseableStrict: 0 });
  });

  it('keeps its scores beside the checks where they score the examples', () => {
    const tally = new JudgeTally();
    const group = emptyGroup();
    const scores: Record<string, number | null> = { kick: 1, strict: 0 };
    tally.add(verdict(9, 7), scores, group, true);
    tally.add(verdict(5, 3, { failedRequests: 2 }), {}, group, true);
    expect(scores).toEqual({ kick: 1, strict: 0, judgeKick: 9, judgeStrict: 7 });
    expect(group.kick).toEqual([]);
    expect(tally.metrics(true, true)).toEqual({
      judgeKick: 7,
      judgeStrict: 5,
      judgeFailedRequests: 2,
      judgeUnparseableKick: 0,
      judgeUnparseableStrict: 0,
    });
  });

  it('reports every judge metric as null where no judge is configured', () => {
    const tally = new JudgeTally();
    expect(tally.metrics(false, true)).toEqual({
      judgeKick: null,
      judgeStrict: null,
      judgeFailedRequests: null,
      judgeUnparseableKick: null,
      judgeUnparseableStrict: null,
    });
  });

  it('notes orders that failed or did not parse', () => {
    const tally = new JudgeTally();
    const v = verdict(null, null, {
      orders: [
        { order: 'reference-first', reply: null, error: 'HTTP 500', attempts: 3, candidateKick: null, referenceKick: null, candidateStrict: null, referenceStrict: null },
        { order: 'candidate-first', reply: 'fine', error: null, attempts: 1, candidateKick: null, referenceKick: null, candidateStrict: null, referenceStrict: null },
      ],
    });
    expect(tally.add(v, {}, emptyGroup(), false)).toEqual(['judge reference-first: HTTP 500', 'judge candidate-first reply not parsed: "fine"']);
  });
});
