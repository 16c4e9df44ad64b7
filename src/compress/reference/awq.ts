import type { WeightMatrix } from '../types.ts';
import { clamp, f32, roundHalfEven } from './float.ts';
import { matmul, view } from './matmul.ts';
import type { QuantGrid } from './quantizer.ts';
import { groupLayout, type GroupLayout } from './rtn.ts';

/** llm-awq's n_grid: ratios i/20, i = 0..19. */
export const AWQ_RATIOS = 20;
/** auto_clip tries max_shrink * n_grid = 0.5 * 20 shrink steps. */
export const AWQ_CLIP_STEPS = 10;
/** auto_clip_layer's n_sample_token. */
export const AWQ_CLIP_SAMPLE_TOKENS = 512;
/**
 * Tokens the scale search measures its loss on. The reference uses every calibration token; a
 * real model's calibration set can hold tens of thousands, so larger sets are sampled with a
 * stride (tokens 0, step, 2*step... with step = ceil(tokens / cap)) to bound the GPU cost.
 */
export const AWQ_SEARCH_TOKEN_CAP = 4096;

/**
 * How the search loss is formed: from the outputs (x diff^T, tokens x rows x cols per candidate),
 * or through the Gram matrix x^T x (rows x cols^2 per candidate, after tokens x cols^2 once);
 * 'auto' takes the Gram form when the search tokens outnumber the inputs.
 */
export type AwqSearchPath = 'auto' | 'direct' | 'gram';

export interface AwqOptions {
  bits: number;
  /** Columns per group; -1 means one group per row. A last group shorter than the others is allowed. */
  group: number;
  clip: boolean;
  searchTokenCap?: number;
  /** The twin's search path ('auto' when absent); the kernels take theirs as an argument. */
  searchPath?: AwqSearchPath;
}

export interface AwqResult {
  /** Q(clip(W*s)) / s: the effective weight acting on the original inputs. */
  weight: Float32Array;
  /** Q(clip(W*s)): the weight as stored once 1/s is folded into the previous op. */
  wqScaled: Float32Array;
  codes: Uint8Array;
  scale: Float32Array;
  zero: Float32Array;
  awqScales: Float32Array;
  lossHistory: Float32Array;
  bestRatio: number;
  /** [rows, groups] chosen clipping bound, when clip is on. */
  clipMaxval?: Float32Array;
  layout: GroupLayout;
}

/**
 * pseudo_quantize_tensor's grid: the raw group min and max (0 is not forced into the range),
 * scale = (max - min).clamp(min=1e-5) / maxq, zero = clamp(-round(min/scale), 0, maxq).
 */
export function awqGrid(lo: number, hi: number, bits: number): QuantGrid {
  const maxq = 2 ** bits - 1;
  const scale = f32(Math.max(f32(hi - lo), f32(1e-5)) / maxq);
  const zero = clamp(-roundHalfEven(f32(lo / scale)), 0, maxq);
  return { scale, zero, maxq };
}

export function awqCode(x: number, g: QuantGrid): number {
  return clamp(roundHalfEven(f32(x / g.scale)) + g.zero, 0, g.maxq);
}

export function awqValue(code: number, g: QuantGrid): number {
  return f32((code - g.zero) * g.scale);
}

/** Indices 0, step, 2*step... below `tokens`. */
function strided(tokens: number, step: number): Int32Array {
  const out = new Int32Array(Math.ceil(tokens / step));
  for (let i = 0; i < out.length; i++) out[i] = i * step;
  return out;
}

/** Tokens of the scale search: all of them up to the cap, else a stride that keeps at most cap. */
export function searchTokenIndices(tokens: number, cap = AWQ_SEARCH_TOKEN_CAP): Int32Array {
  return strided(tokens, Math.max(1, Math.ceil(tokens / cap)));
}

/**
 * auto_clip_layer's `input_feat[:, 0::n_token // n_sample_token]`. Below 512 tokens the reference
 * slice step would be 0 (a Python error); every token is used there.
 */
export function clipTokenIndices(tokens: number): Int32Array {
  return strided(tokens, Math.max(1, Math.floor(tokens / AWQ_CLIP_SAMPLE_TOKENS)));
}

export function gatherRows(x: Float32Array, cols: number, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * cols);
  indices.forEach((t, i) => out.set(x.subarray(t * cols, (t + 1) * cols), i * cols));
  return out;
}

/** s = clamp(x_max^ratio, min=1e-4), s /= sqrt(max(s) * min(s)), in float32 as torch computes it. */
export function candidateScales(meanAbs: Float32Array, ratioIndex: number): Float32Array {
  // torch casts the Python exponent to the tensor's float32 before pow.
  const ratio = f32(ratioIndex / AWQ_RATIOS);
  const s = new Float32Array(meanAbs.length);
  let hi = -Infinity;
  let lo = Infinity;
  for (let c = 0; c < s.length; c++) {
    const v = Math.max(f32(Math.pow(meanAbs[c], ratio)), f32(1e-4));
    s[c] = v;
    hi = Math.max(hi, s[c]);
    lo = Math.min(lo, s[c]);
  }
  const norm = f32(Math.sqrt(f32(hi * lo)));
  for (let c = 0; c < s.length; c++) s[c] = f32(s[c] / norm);
  return s;
}

/** W * s along the input dimension (scale_fc_fc's fc2.weight.mul_). */
export function scaleColumns(w: WeightMatrix, s: Float32Array): Float32Array {
  const out = new Float32Array(w.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f32(w.data[i] * s[i % w.cols]);
  return out;
}

export interface GroupQuant {
  wq: Float32Array;
  codes: Uint8Array;
  scale: Float32Array;
  zero: Float32Array;
}

/**
 * pseudo_quantize_tensor per (row, group), after clamping each group to +-maxval when given.
 * Twin of shaders/awq-apply.wgsl.
 */
export function awqQuantizeGroups(
  ws: Float32Array,
  rows: number,
  cols: number,
  layout: GroupLayout,
  bits: number,
  maxval: Float32Array | null,
): GroupQuant {
  const wq = new Float32Array(rows * cols);
  const codes = new Uint8Array(rows * cols);
  const scale = new Float32Array(rows * layout.count);
  const zero = new Float32Array(rows * layout.count);
  const buf = new Float32Array(layout.size);
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < layout.count; g++) {
      const start = r * cols + g * layout.size;
      const n = Math.min(cols, (g + 1) * layout.size) - g * layout.size;
      const m = maxval ? maxval[r * layout.count + g] : Infinity;
      let lo = Infinity;
      let hi = -Infinity;
      for (let j = 0; j < n; j++) {
        const v = clamp(ws[start + j], -m, m);
        buf[j] = v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      const grid = awqGrid(lo, hi, bits);
      scale[r * layout.count + g] = grid.scale;
      zero[r * layout.count + g] = grid.zero;
      for (let j = 0; j < n; j++) {
        const code = awqCode(buf[j], grid);
        codes[start + j] = code;
        wq[start + j] = awqValue(code, grid);
      }
    }
  }
  return { wq, codes, scale, zero };
}

/** mean((x A^T)^2) over a [tokens, rows] product, for A = W - W_hat; float64 accumulation. */
function meanSquaredOutput(x: Float32Array, tokens: number, a: Float32Array, rows: number, cols: number): number {
  const e = new Float32Array(tokens * rows);
  matmul(view(x, cols), view(a, cols), view(e, rows), { m: tokens, n: rows, k: cols, transB: true });
  let sum = 0;
  for (let i = 0; i < e.length; i++) sum += e[i] * e[i];
  return e.length === 0 ? 0 : sum / e.length;
}

/**
 * The search loss of one candidate s: mean((x W^T - x (Q(W*s)/s)^T)^2), computed as the output of
 * the weight difference (one product instead of two, the same value up to fp32 rounding).
 */
export function searchLoss(w: WeightMatrix, x: Float32Array, tokens: number, s: Float32Array, layout: GroupLayout, bits: number): number {
  const { wq } = awqQuantizeGroups(scaleColumns(w, s), w.rows, w.cols, layout, bits, null);
  const diff = new Float32Array(wq.length);
  for (let i = 0; i < diff.length; i++) diff[i] = f32(w.data[i] - f32(wq[i] / s[i % w.cols]));
  return f32(meanSquaredOutput(x, tokens, diff, w.rows, w.cols));
}

/**
 * searchLoss through the Gram matrix g = x^T x [cols, cols]: sum(diff g . diff) / (tokens x rows),
 * the same quantity as the mean squared output difference up to fp32 rounding (twin of the
 * kernels' Gram path).
 */
export function searchLossGram(w: WeightMatrix, g: Float32Array, tokens: number, s: Float32Array, layout: GroupLayout, bits: number): number {
  const { wq } = awqQuantizeGroups(scaleColumns(w, s), w.rows, w.cols, layout, bits, null);
  const diff = new Float32Array(wq.length);
  for (let i = 0; i < diff.length; i++) diff[i] = f32(w.data[i] - f32(wq[i] / s[i % w.cols]));
  const f = new Float32Array(diff.length);
  matmul(view(diff, w.cols), view(g, w.cols), view(f, w.cols), { m: w.rows, n: w.cols, k: w.cols });
  let sum = 0;
  for (let i = 0; i < f.length; i++) sum += f[i] * diff[i];
  const count = tokens * w.rows;
  return f32(count === 0 ? 0 : sum / count);
}

/** x^T x for x [tokens, cols]. */
function gramOf(x: Float32Array, tokens: number, cols: number): Float32Array {
  const g = new Float32Array(cols * cols);
  matmul(view(x, cols), view(x, cols), view(g, cols), { m: cols, n: cols, k: tokens, transA: true });
  return g;
}

/** get_act_scale: mean over tokens of |x| per input channel (float64 sum, rounded once). */
export function meanAbsOverTokens(x: Float32Array, tokens: number, cols: number): Float32Array {
  const acc = new Float64Array(cols);
  for (let t = 0; t < tokens; t++) for (let c = 0; c < cols; c++) acc[c] += Math.abs(x[t * cols + c]);
  return Float32Array.from(acc, (v) => v / Math.max(tokens, 1));
}

/** ||x out^T - x W^T||_F / ||x W^T||_F, the golden cases' rel_output_err_on_X. */
export function relativeOutputError(x: Float32Array, tokens: number, w: Float32Array, out: Float32Array, rows: number, cols: number): number {
  const diff = Float32Array.from(out, (v, i) => v - w[i]);
  const e = new Float32Array(tokens * rows);
  const y = new Float32Array(tokens * rows);
  matmul(view(x, cols), view(diff, cols), view(e, rows), { m: tokens, n: rows, k: cols, transB: true });
  matmul(view(x, cols), view(w, cols), view(y, rows), { m: tokens, n: rows, k: cols, transB: true });
  let num = 0;
  let den = 0;
  for (let i = 0; i < e.length; i++) {
    num += e[i] * e[i];
    den += y[i] * y[i];
  }
  return den === 0 ? 0 : Math.sqrt(num / den);
}

/** Index of the first strict minimum (the reference's `loss < best_error`). */
export function firstMinimum(values: ArrayLike<number>): number {
  let best = -1;
  let bestValue = Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < bestValue) {
      bestValue = values[i];
      best = i;
    }
  }
  if (best < 0) throw new Error('AWQ search produced no finite loss');
  return best;
}

/** amax|w| * (1 - i/20) per (row, group), the bound tried at shrink step i. */
export function clipBounds(ws: Float32Array, rows: number, cols: number, layout: GroupLayout, step: number): Float32Array {
  const factor = f32(1 - step / AWQ_RATIOS);
  const out = new Float32Array(rows * layout.count);
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < layout.count; g++) {
      let amax = 0;
      const start = r * cols + g * layout.size;
      const end = r * cols + Math.min(cols, (g + 1) * layout.size);
      for (let i = start; i < end; i++) amax = Math.max(amax, Math.abs(ws[i]));
      out[r * layout.count + g] = f32(amax * factor);
    }
  }
  return out;
}

/** Per-group Gram matrices G_g = x_g^T x_g, [groups][size * size] with row stride `size`. */
export function groupGrams(xs: Float32Array, tokens: number, cols: number, layout: GroupLayout): Float32Array {
  const gs = layout.size;
  const grams = new Float32Array(layout.count * gs * gs);
  for (let g = 0; g < layout.count; g++) {
    const k = Math.min(cols, (g + 1) * gs) - g * gs;
    matmul({ data: xs, offset: g * gs, ld: cols }, { data: xs, offset: g * gs, ld: cols }, { data: grams, offset: g * gs * gs, ld: gs }, {
      m: k, n: k, k: tokens, transA: true,
    });
  }
  return grams;
}

/**
 * auto_clip_layer on W*s with inputs x/s: per (row, group) the bound whose quantised group gives
 * the smallest mean squared partial output error over the sampled tokens (first strict minimum).
 * The error mean_t (x_t,g . d_g)^2 is evaluated as d_g^T G_g d_g / tokens with the group's Gram
 * matrix: the same quantity as the reference's per-token sums, with tokens/size times fewer
 * operations. Twin of shaders/awq-clip.wgsl + awq-clip-error.wgsl.
 */
export function autoClip(ws: Float32Array, rows: number, cols: number, xs: Float32Array, tokens: number, layout: GroupLayout, bits: number): Float32Array {
  const best = new Float32Array(rows * layout.count);
  const bestErr = new Float64Array(rows * layout.count).fill(Infinity);
  const gs = layout.size;
  const grams = groupGrams(xs, tokens, cols, layout);
  const f = new Float32Array(rows * gs);
  for (let step = 0; step < AWQ_CLIP_STEPS; step++) {
    const bounds = clipBounds(ws, rows, cols, layout, step);
    const { wq } = awqQuantizeGroups(ws, rows, cols, layout, bits, bounds);
    const diff = new Float32Array(wq.length);
    for (let i = 0; i < diff.length; i++) diff[i] = f32(wq[i] - ws[i]);
    for (let g = 0; g < layout.count; g++) {
      const k = Math.min(cols, (g + 1) * gs) - g * gs;
      matmul({ data: diff, offset: g * gs, ld: cols }, { data: grams, offset: g * gs * gs, ld: gs }, view(f, gs), { m: rows, n: k, k });
      for (let r = 0; r < rows; r++) {
        let sum = 0;
        for (let c = 0; c < k; c++) sum += f[r * gs + c] * diff[r * cols + g * gs + c];
        const err = f32(sum / Math.max(tokens, 1));
        const at = r * layout.count + g;
        if (err < bestErr[at]) {
          bestErr[at] = err;
          best[at] = bounds[at];
        }
      }
    }
  }
  return best;
}

/**
 * llm-awq for one linear: grid search of the scale exponent on the output error, optional
 * auto_clip, then pseudo_quantize_tensor on clip(W*s) with 1/s folded back.
 */
export function awqQuantize(w: WeightMatrix, meanAbs: Float32Array, activations: Float32Array, tokens: number, opts: AwqOptions): AwqResult {
  const { rows, cols } = w;
  const layout = groupLayout(cols, opts.group);
  const searchIdx = searchTokenIndices(tokens, opts.searchTokenCap);
  const x = gatherRows(activations, cols, searchIdx);
  const path = opts.searchPath ?? 'auto';
  const gram = path === 'gram' || (path === 'auto' && searchIdx.length > cols) ? gramOf(x, searchIdx.length, cols) : null;
  const lossHistory = new Float32Array(AWQ_RATIOS);
  for (let i = 0; i < AWQ_RATIOS; i++) {
    const s = candidateScales(meanAbs, i);
    lossHistory[i] = gram ? searchLossGram(w, gram, searchIdx.length, s, layout, opts.bits) : searchLoss(w, x, searchIdx.length, s, layout, opts.bits);
  }
  const best = firstMinimum(lossHistory);
  const awqScales = candidateScales(meanAbs, best);
  const ws = scaleColumns(w, awqScales);
  let clipMaxval: Float32Array | undefined;
  if (opts.clip) {
    const clipIdx = clipTokenIndices(tokens);
    const xs = gatherRows(activations, cols, clipIdx);
    for (let i = 0; i < xs.length; i++) xs[i] = f32(xs[i] / awqScales[i % cols]);
    clipMaxval = autoClip(ws, rows, cols, xs, clipIdx.length, layout, opts.bits);
  }
  const q = awqQuantizeGroups(ws, rows, cols, layout, opts.bits, clipMaxval ?? null);
  const weight = new Float32Array(q.wq.length);
  for (let i = 0; i < weight.length; i++) weight[i] = f32(q.wq[i] / awqScales[i % cols]);
  return {
    weight, wqScaled: q.wq, codes: q.codes, scale: q.scale, zero: q.zero,
    awqScales, lossHistory, bestRatio: best / AWQ_RATIOS, clipMaxval, layout,
  };
}
