import type { WeightMatrix } from '../types.ts';
import { dequantCode, gridFromRange, quantCode, rangeOf } from './quantizer.ts';

export interface RtnOptions {
  bits: number;
  /** Columns per group; -1 means one group spanning the whole row. */
  group: number;
  sym: boolean;
}

/** How the columns of a row split into groups; the last group is shorter when size does not divide cols. */
export interface GroupLayout {
  size: number;
  count: number;
}

export function groupLayout(cols: number, group: number): GroupLayout {
  const size = group === -1 || group >= cols ? Math.max(cols, 1) : group;
  return { size, count: Math.ceil(cols / size) };
}

export interface RtnResult {
  /** Dequantised weight [rows, cols]. */
  weight: Float32Array;
  /** Integer codes in [0, 2^bits - 1], one per weight. */
  codes: Uint8Array;
  /** [rows, groups] */
  scale: Float32Array;
  /** [rows, groups], integers stored as float */
  zero: Float32Array;
  layout: GroupLayout;
}

/**
 * Round-to-nearest with GPTQ's Quantizer: find_params on each (row, group) slice, then
 * quantize. Twin of shaders/rtn-grid.wgsl + shaders/rtn-quantize.wgsl, and of shaders/rtn-fused.wgsl.
 */
export function rtnQuantize(w: WeightMatrix, opts: RtnOptions): RtnResult {
  const { rows, cols, data } = w;
  const layout = groupLayout(cols, opts.group);
  const weight = new Float32Array(rows * cols);
  const codes = new Uint8Array(rows * cols);
  const scale = new Float32Array(rows * layout.count);
  const zero = new Float32Array(rows * layout.count);
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < layout.count; g++) {
      const start = r * cols + g * layout.size;
      const end = r * cols + Math.min(cols, (g + 1) * layout.size);
      const [lo, hi] = rangeOf(data, start, end);
      const grid = gridFromRange(lo, hi, opts.bits, opts.sym);
      scale[r * layout.count + g] = grid.scale;
      zero[r * layout.count + g] = grid.zero;
      for (let i = start; i < end; i++) {
        const code = quantCode(data[i], grid);
        codes[i] = code;
        weight[i] = dequantCode(code, grid);
      }
    }
  }
  return { weight, codes, scale, zero, layout };
}
