// The shapes every statistic in the lab is reported in, and the constants they share.

/** Two-sided 95%: the normal quantile used by Wilson's interval and the percentile bounds. */
export const CONFIDENCE = 0.95;
export const Z95 = 1.959963984540054;

/** Resamples and seed of every bootstrap unless a caller says otherwise: recorded beside the result. */
export const BOOTSTRAP_RESAMPLES = 4000;
export const BOOTSTRAP_SEED = 20240503;

export type IntervalMethod = 'wilson' | 'bootstrap' | 'bootstrap-ratio';

/** A score's uncertainty: n outcomes, the standard error and a 95% interval around the estimate. */
export interface ScoreInterval {
  n: number;
  estimate: number;
  se: number;
  low: number;
  high: number;
  method: IntervalMethod;
}

export type PairedTest = 'mcnemar-exact' | 'sign-flip';

/** The paper's "matching": no more than 5% (relative) worse than dense. */
export const MATCH_TOLERANCE = 0.05;

/**
 * matches: the whole interval of (compressed - 0.95 dense) lies at or above zero; does-not-match:
 * the whole interval lies below; undecided: the interval holds zero, so more examples are needed.
 */
export type MatchVerdict = 'matches' | 'does-not-match' | 'undecided';

/** A compressed point against dense on the same examples. */
export interface PairedDrop {
  /** Examples scored at both points (matched by id). */
  n: number;
  /** compressed - dense, in the score's own units (a negative number is a loss). */
  drop: number;
  se: number;
  low: number;
  high: number;
  /** Two-sided p-value of "no difference". */
  p: number;
  test: PairedTest;
  /** Interval of compressed - 0.95 dense (higher is better) or 1.05 dense - compressed (lower is better). */
  margin: { low: number; high: number };
  verdict: MatchVerdict;
}
