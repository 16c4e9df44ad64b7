import type { WeightMatrix } from '../types.ts';
import { clamp, f32, roundHalfEven } from './float.ts';

/** LLM.int8's default outlier threshold on activation magnitude. */
export const INT8_DEFAULT_THRESHOLD = 6;

export interface Int8Result {
  /** Dequantised weight; outlier columns hold the original values. */
  weight: Float32Array;
  /** Per-row absmax scale over the non-outlier columns (0 for a row that is zero there). */
  scale: Float32Array;
  /** Input columns kept exact, ascending. */
  outlierColumns: Int32Array;
  /** Signed codes in [-127, 127]; 0 in outlier columns. */
  codes: Int8Array;
}

/** Columns whose activation max |x| exceeds the threshold (LLM.int8's outlier features). */
export function outlierColumns(maxAbs: Float32Array, threshold: number): Int32Array {
  const out: number[] = [];
  for (let c = 0; c < maxAbs.length; c++) if (maxAbs[c] > threshold) out.push(c);
  return Int32Array.from(out);
}

/**
 * LLM.int8-style weight quantisation: outlier input columns stay exact, every other weight is
 * quantised symmetric absmax 8-bit per output row (scale = absmax/127, q = round(w/scale)).
 * Twin of shaders/int8-absmax.wgsl + shaders/int8-quantize.wgsl.
 */
export function int8Quantize(w: WeightMatrix, maxAbs: Float32Array, threshold: number): Int8Result {
  const { rows, cols, data } = w;
  const outliers = outlierColumns(maxAbs, threshold);
  const isOutlier = new Uint8Array(cols);
  outliers.forEach((c) => (isOutlier[c] = 1));
  const weight = new Float32Array(rows * cols);
  const codes = new Int8Array(rows * cols);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let absmax = 0;
    for (let c = 0; c < cols; c++) if (!isOutlier[c]) absmax = Math.max(absmax, Math.abs(data[r * cols + c]));
    const s = f32(absmax / 127);
    scale[r] = s;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (isOutlier[c]) {
        weight[i] = data[i];
      } else if (s > 0) {
        // + 0 turns round's -0 into 0, so an all-zero code dequantises to +0.
        const q = clamp(roundHalfEven(f32(data[i] / s)), -127, 127) + 0;
        codes[i] = q;
        weight[i] = f32(q * s);
      }
    }
  }
  return { weight, scale, outlierColumns: outliers, codes };
}

/** Bits per weight of the stored form: 8 per quantised column, 16 per outlier column (fp16 in LLM.int8). */
export function int8Bits(cols: number, outliers: number): number {
  return cols === 0 ? 8 : (8 * (cols - outliers) + 16 * outliers) / cols;
}
