// NaN and Inf are refused where they enter a compression (the weight, the calibration statistics)
// and where they leave it (a kernel's output): a method run on them would either spread them
// through its error feedback or hide them behind a plausible report, and the WebGPU kernels and
// their TypeScript twins do not agree on what such values turn into.
import { CompressInputError, type LayerStats, type StatName } from './types.ts';

export interface NonFiniteCount {
  nan: number;
  inf: number;
  /** Index of the first non-finite value. */
  first: number;
}

/** The NaN and ±Inf values of `data`, or null when every value is finite. */
export function countNonFinite(data: ArrayLike<number>): NonFiniteCount | null {
  let nan = 0;
  let inf = 0;
  let first = -1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v === 0) continue; // finite; NaN - NaN and Inf - Inf are NaN
    if (Number.isNaN(v)) nan++;
    else inf++;
    if (first < 0) first = i;
  }
  return first < 0 ? null : { nan, inf, first };
}

/** "3 non-finite values (2 NaN, 1 Inf), the first at row 0, column 5". */
export function describeNonFinite(count: NonFiniteCount, cols: number): string {
  const parts = [count.nan > 0 ? `${count.nan} NaN` : null, count.inf > 0 ? `${count.inf} Inf` : null].filter(Boolean).join(', ');
  const total = count.nan + count.inf;
  const at = `row ${Math.floor(count.first / cols)}, column ${count.first % cols}`;
  return `${total} non-finite value${total === 1 ? '' : 's'} (${parts}), the first at ${at}`;
}

/** Throws CompressInputError naming `what` when `data` ([rows, cols]) holds NaN or Inf. */
export function requireFinite(what: string, data: ArrayLike<number>, cols: number): void {
  const count = countNonFinite(data);
  if (count) throw new CompressInputError(`${what} has ${describeNonFinite(count, cols)}; NaN and Inf cannot be compressed`);
}

const STAT_NAMES: readonly StatName[] = ['scalerRow', 'hessian', 'meanAbs', 'maxAbs', 'activations'];

/** Calibration statistics with NaN or Inf mean the activations had them: refused before any method runs. */
export function requireFiniteStats(stats: LayerStats | null): void {
  if (!stats) return;
  for (const name of STAT_NAMES) {
    const data = stats[name];
    if (data) requireFinite(`calibration statistic ${name}`, data, stats.cols);
  }
}

/** A method produced NaN or Inf from finite inputs (an overflow in a scale, a breakdown in a solve). */
export class NonFiniteOutputError extends Error {
  override name = 'NonFiniteOutputError';
}

export function requireFiniteOutput(method: string, data: ArrayLike<number>, cols: number): void {
  const count = countNonFinite(data);
  if (count) {
    throw new NonFiniteOutputError(`${method} turned finite inputs into ${describeNonFinite(count, cols)}; the weights are too large for its grid or its solve broke down`);
  }
}
