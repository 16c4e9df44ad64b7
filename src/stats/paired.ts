// A compressed point against dense on the same examples: the paired drop with its interval and
// p-value, and the three-way "matching" verdict. Pairing removes the examples' own difficulty from
// the comparison, so the drop is far tighter than the difference of two separate intervals.
import { bootstrapReplicatesOf, meanOf, perplexityOf, type BootstrapOptions, type WindowNll } from './bootstrap.ts';
import { CONFIDENCE, MATCH_TOLERANCE, type MatchVerdict, type PairedDrop } from './interval.ts';
import { mcnemarExact, signFlipTest } from './paired-tests.ts';
import { isBinary } from './proportion.ts';
import { quantileSorted, standardDeviation } from './quantile.ts';

export interface PairedOptions extends BootstrapOptions {
  /**
   * The rule's divisor over the outcomes' count (the kick factoid rule scores num_examples + 1
   * answers and divides by num_examples): means are multiplied by it. 1 by default.
   */
  scale?: number;
  tolerance?: number;
}

function bounds(sorted: Float64Array): { low: number; high: number } {
  const tail = (1 - CONFIDENCE) / 2;
  return { low: quantileSorted(sorted, tail), high: quantileSorted(sorted, 1 - tail) };
}

export function verdictOf(margin: { low: number; high: number }): MatchVerdict {
  if (margin.low >= 0) return 'matches';
  if (margin.high < 0) return 'does-not-match';
  return 'undecided';
}

/**
 * Per-example outcomes of one task under one rule, dense[i] and compressed[i] on the same example;
 * higher is better. McNemar's exact test when every outcome is right/wrong, else a sign-flip test.
 */
export function pairedDrop(dense: readonly number[], compressed: readonly number[], options: PairedOptions = {}): PairedDrop {
  const n = dense.length;
  if (n !== compressed.length) throw new RangeError(`paired outcomes differ in length (${n} dense, ${compressed.length} compressed)`);
  const scale = options.scale ?? 1;
  const keep = 1 - (options.tolerance ?? MATCH_TOLERANCE);
  const diff = compressed.map((c, i) => c - dense[i]);
  const margin = compressed.map((c, i) => c - keep * dense[i]);
  const [diffs, margins] = bootstrapReplicatesOf(n, [(idx) => meanOf(diff, idx) * scale, (idx) => meanOf(margin, idx) * scale], options);
  const binary = isBinary(dense) && isBinary(compressed);
  let p: number;
  if (binary) {
    let lost = 0;
    let gained = 0;
    for (let i = 0; i < n; i++) {
      if (dense[i] === 1 && compressed[i] === 0) lost++;
      else if (dense[i] === 0 && compressed[i] === 1) gained++;
    }
    p = mcnemarExact(lost, gained);
  } else p = signFlipTest(diff, options.seed);
  const marginBounds = bounds(margins);
  return {
    n,
    drop: meanOf(diff) * scale,
    se: standardDeviation(diffs),
    ...bounds(diffs),
    p,
    test: binary ? 'mcnemar-exact' : 'sign-flip',
    margin: marginBounds,
    verdict: verdictOf(marginBounds),
  };
}

/**
 * Perplexity on the same windows (lower is better): drop = compressed - dense perplexity, margin =
 * 1.05 dense - compressed, both resampled over windows; the test flips each window's NLL difference.
 */
export function pairedPerplexityDrop(dense: readonly WindowNll[], compressed: readonly WindowNll[], options: PairedOptions = {}): PairedDrop {
  const n = dense.length;
  if (n !== compressed.length) throw new RangeError(`paired windows differ in number (${n} dense, ${compressed.length} compressed)`);
  const slack = 1 + (options.tolerance ?? MATCH_TOLERANCE);
  const [diffs, margins] = bootstrapReplicatesOf(
    n,
    [(idx) => perplexityOf(compressed, idx) - perplexityOf(dense, idx), (idx) => slack * perplexityOf(dense, idx) - perplexityOf(compressed, idx)],
    options,
  );
  const marginBounds = bounds(margins);
  return {
    n,
    drop: perplexityOf(compressed) - perplexityOf(dense),
    se: standardDeviation(diffs),
    ...bounds(diffs),
    p: signFlipTest(compressed.map((w, i) => w.nll - dense[i].nll), options.seed),
    test: 'sign-flip',
    margin: marginBounds,
    verdict: verdictOf(marginBounds),
  };
}
