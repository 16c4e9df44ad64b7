import { clamp, f32, roundHalfEven } from './float.ts';

/**
 * GPTQ's `quant.py:Quantizer` with perchannel weights: asymmetric grids are forced to include 0,
 * symmetric grids centre the zero at (maxq+1)/2 (so 3-bit levels are -4..3 steps).
 */
export interface QuantGrid {
  scale: number;
  zero: number;
  maxq: number;
}

/** find_params for one row slice [min, max] (the caller computes the raw min and max). */
export function gridFromRange(rawMin: number, rawMax: number, bits: number, sym: boolean): QuantGrid {
  const maxq = 2 ** bits - 1;
  let xmin = Math.min(rawMin, 0);
  let xmax = Math.max(rawMax, 0);
  if (sym) {
    xmax = Math.max(Math.abs(xmin), xmax);
    if (xmin < 0) xmin = -xmax;
  }
  if (xmin === 0 && xmax === 0) {
    xmin = -1;
    xmax = 1;
  }
  const scale = f32(f32(xmax - xmin) / maxq);
  const zero = sym ? (maxq + 1) / 2 : roundHalfEven(f32(-xmin / scale));
  return { scale, zero, maxq };
}

/** The integer code of x on a grid: clamp(round(x/scale) + zero, 0, maxq). */
export function quantCode(x: number, g: QuantGrid): number {
  return clamp(roundHalfEven(f32(x / g.scale)) + g.zero, 0, g.maxq);
}

/** The value a code stands for: scale * (code - zero), in float32. */
export function dequantCode(code: number, g: QuantGrid): number {
  return f32(g.scale * (code - g.zero));
}

/** Raw min and max of data[start, end). */
export function rangeOf(data: Float32Array, start: number, end: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = start; i < end; i++) {
    const v = data[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
