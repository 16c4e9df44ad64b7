// Seeded nonparametric bootstrap over examples (Efron 1979): percentile interval and the standard
// deviation of the replicates as the standard error. The draws are specified exactly so that anyone
// can recompute a bound from a record: mulberry32(seed), replicate after replicate, each drawing n
// indices floor(u * n) in order; bounds are type-7 quantiles at 2.5% and 97.5%.
import { mulberry32 } from '../util/mulberry32.ts';
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, CONFIDENCE, type IntervalMethod, type ScoreInterval } from './interval.ts';
import { quantileSorted, standardDeviation } from './quantile.ts';

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
}

/**
 * Calls `replicate` once per resample with the drawn indices (a buffer reused between calls) and
 * returns the replicate values sorted ascending.
 */
export function bootstrapReplicates(n: number, replicate: (indices: Uint32Array) => number, options: BootstrapOptions = {}): Float64Array {
  return bootstrapReplicatesOf(n, [replicate], options)[0];
}

/** Several statistics on the same resamples: one draw of indices per resample serves them all. */
export function bootstrapReplicatesOf(n: number, replicates: ReadonlyArray<(indices: Uint32Array) => number>, options: BootstrapOptions = {}): Float64Array[] {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`bootstrap needs at least one example (got ${n})`);
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES;
  const next = mulberry32(options.seed ?? BOOTSTRAP_SEED);
  const indices = new Uint32Array(n);
  const values = replicates.map(() => new Float64Array(resamples));
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(next() * n);
    for (let k = 0; k < replicates.length; k++) values[k][r] = replicates[k](indices);
  }
  return values.map((v) => v.sort());
}

/** Percentile bounds and replicate spread around a given estimate. */
export function percentileInterval(estimate: number, sorted: Float64Array, n: number, method: IntervalMethod): ScoreInterval {
  const tail = (1 - CONFIDENCE) / 2;
  return { n, estimate, se: standardDeviation(sorted), low: quantileSorted(sorted, tail), high: quantileSorted(sorted, 1 - tail), method };
}

export function meanOf(values: ArrayLike<number>, indices?: Uint32Array): number {
  let sum = 0;
  if (indices) {
    for (let i = 0; i < indices.length; i++) sum += values[indices[i]];
    return sum / indices.length;
  }
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Interval of a mean score (ROUGE-L, key-fact recall, judge scores): resampled over examples. */
export function bootstrapMean(values: readonly number[], options: BootstrapOptions = {}): ScoreInterval {
  const sorted = bootstrapReplicates(values.length, (idx) => meanOf(values, idx), options);
  return percentileInterval(meanOf(values), sorted, values.length, 'bootstrap');
}

/** One perplexity window: its summed negative log-likelihood (nats) and how many tokens it scored. */
export interface WindowNll {
  nll: number;
  tokens: number;
}

export function perplexityOf(windows: readonly WindowNll[], indices?: Uint32Array): number {
  let nll = 0;
  let tokens = 0;
  const count = indices ? indices.length : windows.length;
  for (let i = 0; i < count; i++) {
    const w = windows[indices ? indices[i] : i];
    nll += w.nll;
    tokens += w.tokens;
  }
  return Math.exp(nll / tokens);
}

/** Interval of perplexity exp(sum nll / sum tokens): a ratio estimator, resampled over windows. */
export function bootstrapPerplexity(windows: readonly WindowNll[], options: BootstrapOptions = {}): ScoreInterval {
  const sorted = bootstrapReplicates(windows.length, (idx) => perplexityOf(windows, idx), options);
  return percentileInterval(perplexityOf(windows), sorted, windows.length, 'bootstrap-ratio');
}
