import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/mulberry32.ts';
import { bootstrapMean, bootstrapPerplexity, bootstrapReplicates, perplexityOf } from './bootstrap.ts';
import { mcnemarExact, signFlipTest } from './paired-tests.ts';
import { pairedDrop, pairedPerplexityDrop } from './paired.ts';
import { isBinary, wilsonInterval } from './proportion.ts';
import { quantileSorted } from './quantile.ts';

describe('Wilson interval', () => {
  it('gives the textbook bounds', () => {
    // Newcombe (1998), table I: 0/10 -> [0, 0.2775], 5/10 -> [0.2366, 0.7634], 81/263 -> [0.2553, 0.3662].
    const zero = wilsonInterval(0, 10);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.2775, 4);
    const half = wilsonInterval(5, 10);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    const p = wilsonInterval(81, 263);
    expect(p.low).toBeCloseTo(0.2553, 4);
    expect(p.high).toBeCloseTo(0.3662, 4);
    expect(p.estimate).toBeCloseTo(81 / 263, 12);
    expect(p.se).toBeCloseTo(Math.sqrt((81 / 263) * (182 / 263) / 263), 12);
  });

  it('is about +-13 points wide at n = 20 and narrows as 1/sqrt(n)', () => {
    const n20 = wilsonInterval(14, 20);
    expect(n20.high - n20.low).toBeGreaterThan(0.35);
    expect(n20.high - n20.low).toBeLessThan(0.42);
    const n80 = wilsonInterval(56, 80);
    expect((n80.high - n80.low) / (n20.high - n20.low)).toBeCloseTo(0.5, 1);
  });

  it('refuses impossible counts', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(/successes <= n/);
    expect(() => wilsonInterval(0, 0)).toThrow(/n > 0/);
  });

  it('tells right/wrong outcomes from graded ones', () => {
    expect(isBinary([0, 1, 1])).toBe(true);
    expect(isBinary([0, 0.5, 1])).toBe(false);
  });
});

describe('type-7 quantiles', () => {
  it('interpolates as numpy does', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileSorted([1, 2, 3, 4], 0.975)).toBeCloseTo(3.925, 12);
    expect(quantileSorted([7], 0.5)).toBe(7);
  });
});

describe('seeded bootstrap', () => {
  it('draws the documented indices: mulberry32(seed), floor(u * n), replicate after replicate', () => {
    const seen: number[][] = [];
    bootstrapReplicates(3, (idx) => (seen.push([...idx]), 0), { resamples: 2, seed: 7 });
    const u = mulberry32(7);
    const expected = [0, 1].map(() => [0, 1, 2].map(() => Math.floor(u() * 3)));
    expect(seen).toEqual(expected);
  });

  it('is reproducible and brackets the mean', () => {
    const values = Array.from({ length: 60 }, (_, i) => ((i * 37) % 11) / 10);
    const a = bootstrapMean(values, { seed: 3 });
    const b = bootstrapMean(values, { seed: 3 });
    expect(a).toEqual(b);
    expect(a.low).toBeLessThan(a.estimate);
    expect(a.high).toBeGreaterThan(a.estimate);
    // The bootstrap standard error of a mean approaches s / sqrt(n).
    const m = values.reduce((x, y) => x + y, 0) / values.length;
    const s = Math.sqrt(values.reduce((x, y) => x + (y - m) ** 2, 0) / (values.length - 1));
    expect(a.se / (s / Math.sqrt(values.length))).toBeGreaterThan(0.9);
    expect(a.se / (s / Math.sqrt(values.length))).toBeLessThan(1.1);
  });

  it('has zero width where every example scores the same', () => {
    const flat = bootstrapMean([0.4, 0.4, 0.4]);
    expect(flat.low).toBeCloseTo(0.4, 12);
    expect(flat.high).toBeCloseTo(0.4, 12);
    expect(flat.se).toBeCloseTo(0, 12);
  });

  it('covers the true mean about 95% of the time', () => {
    const draw = mulberry32(11);
    let covered = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const sample = Array.from({ length: 40 }, () => draw() * 10);
      const ci = bootstrapMean(sample, { seed: t, resamples: 1000 });
      if (ci.low <= 5 && 5 <= ci.high) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.9);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('resamples perplexity over windows as a ratio of sums', () => {
    const windows = [
      { nll: 100, tokens: 50 },
      { nll: 60, tokens: 50 },
      { nll: 80, tokens: 40 },
    ];
    expect(perplexityOf(windows)).toBeCloseTo(Math.exp(240 / 140), 12);
    const ci = bootstrapPerplexity(windows, { seed: 1 });
    expect(ci.method).toBe('bootstrap-ratio');
    expect(ci.low).toBeGreaterThanOrEqual(Math.exp(60 / 50) - 1e-9);
    expect(ci.high).toBeLessThanOrEqual(Math.exp(100 / 50) + 1e-9);
  });
});

describe('paired tests', () => {
  it('McNemar exact matches the binomial tail', () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(6, 0)).toBeCloseTo(2 / 64, 12);
    expect(mcnemarExact(9, 1)).toBeCloseTo((2 * 11) / 1024, 12);
    expect(mcnemarExact(5, 5)).toBe(1);
    // Large counts stay finite and symmetric.
    expect(mcnemarExact(400, 300)).toBeCloseTo(mcnemarExact(300, 400), 12);
    expect(mcnemarExact(400, 300)).toBeLessThan(0.001);
  });

  it('sign flips: exhaustive for few examples, seeded beyond', () => {
    expect(signFlipTest([1, 1, 1])).toBeCloseTo(2 / 8, 12);
    expect(signFlipTest([0.5, -0.5])).toBe(1);
    const many = Array.from({ length: 30 }, (_, i) => 0.2 + (i % 3) * 0.1);
    expect(signFlipTest(many)).toBeLessThan(0.001);
    expect(signFlipTest(many, 5)).toBe(signFlipTest(many, 5));
  });
});

describe('paired drop and the matching verdict', () => {
  const outcomes = (right: number, n: number) => Array.from({ length: n }, (_, i) => (i < right ? 1 : 0));

  it('finds a clear loss: does not match, small p', () => {
    const dense = outcomes(90, 100);
    const compressed = outcomes(60, 100); // lost 30 the dense model had right
    const d = pairedDrop(dense, compressed);
    expect(d.drop).toBeCloseTo(-0.3, 12);
    expect(d.test).toBe('mcnemar-exact');
    expect(d.p).toBeLessThan(1e-6);
    expect(d.high).toBeLessThan(0);
    expect(d.verdict).toBe('does-not-match');
  });

  it('calls identical outcomes matching', () => {
    const dense = outcomes(15, 20);
    const d = pairedDrop(dense, [...dense]);
    expect(d.drop).toBe(0);
    expect(d.p).toBe(1);
    expect(d.verdict).toBe('matches');
  });

  it('leaves a noisy 10-point drop undecided at n = 20, decided with more examples', () => {
    // Compressed loses 3 and gains 1 of 20 at dense 80%: 12.5% relative, which 20 examples cannot settle.
    const dense = outcomes(16, 20);
    const compressed = [...dense];
    compressed[0] = 0;
    compressed[1] = 0;
    compressed[2] = 0;
    compressed[19] = 1;
    const small = pairedDrop(dense, compressed);
    expect(small.drop).toBeCloseTo(-0.1, 12);
    expect(small.p).toBeCloseTo(mcnemarExact(3, 1), 12);
    expect(small.low).toBeLessThan(0);
    expect(small.verdict).toBe('undecided');
    // The same pattern over 400 examples is a consistent loss beyond 5% of dense.
    const big = pairedDrop(Array(20).fill(dense).flat(), Array(20).fill(compressed).flat());
    expect(big.drop).toBeCloseTo(-0.1, 12);
    expect(big.verdict).toBe('does-not-match');
    expect(big.p).toBeLessThan(1e-4);
  });

  it('applies a rule scale to the drop (kick factoid: n + 1 answers over n)', () => {
    const dense = outcomes(20, 21);
    const compressed = outcomes(10, 21);
    const d = pairedDrop(dense, compressed, { scale: 21 / 20 });
    expect(d.drop).toBeCloseTo((-10 / 21) * (21 / 20), 12);
  });

  it('uses the sign-flip test for graded scores', () => {
    const dense = Array.from({ length: 30 }, (_, i) => 5 + (i % 4));
    const compressed = dense.map((v) => v - 2);
    const d = pairedDrop(dense, compressed);
    expect(d.test).toBe('sign-flip');
    expect(d.drop).toBeCloseTo(-2, 12);
    expect(d.p).toBeLessThan(0.001);
    expect(d.verdict).toBe('does-not-match');
  });

  it('judges perplexity with lower as better', () => {
    const dense = Array.from({ length: 30 }, (_, i) => ({ nll: 100 + (i % 5), tokens: 100 }));
    const same = pairedPerplexityDrop(dense, dense.map((w) => ({ ...w, nll: w.nll + 0.5 })));
    expect(same.drop).toBeGreaterThan(0);
    expect(same.verdict).toBe('matches'); // +0.5% perplexity
    const worse = pairedPerplexityDrop(dense, dense.map((w) => ({ ...w, nll: w.nll + 20 })));
    expect(worse.verdict).toBe('does-not-match');
    expect(worse.p).toBeLessThan(0.001);
  });

  it('refuses unpaired inputs', () => {
    expect(() => pairedDrop([1, 0], [1])).toThrow(/differ in length/);
  });
});
