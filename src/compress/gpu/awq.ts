import quantizerWgsl from '../../../shaders/awq-quantizer.wgsl?raw';
import searchWgsl from '../../../shaders/awq-search.wgsl?raw';
import clipWgsl from '../../../shaders/awq-clip.wgsl?raw';
import applyWgsl from '../../../shaders/awq-apply.wgsl?raw';
import lossWgsl from '../../../shaders/awq-loss.wgsl?raw';
import clipErrorWgsl from '../../../shaders/awq-clip-error.wgsl?raw';
import {
  type Dispatch,
  type Gpu,
  GpuLimitError,
  bindingLimit,
  grid1D,
  readF32,
  readU32,
  type RowTile,
  rowTiles,
  storageBuffer,
  submitDispatches,
  uniformBuffer,
  uploadBuffer,
  withBufferScope,
  withErrorScopes,
} from '../../gpu/index.ts';
import {
  AWQ_CLIP_STEPS,
  AWQ_RATIOS,
  type AwqOptions,
  type AwqResult,
  type AwqSearchPath,
  candidateScales,
  clipTokenIndices,
  firstMinimum,
  gatherRows,
  searchTokenIndices,
} from '../reference/awq.ts';
import { f32 } from '../reference/float.ts';
import { groupLayout, type GroupLayout } from '../reference/rtn.ts';
import type { WeightMatrix } from '../types.ts';
import { matmulDispatch } from './matmul.ts';

const SEARCH = quantizerWgsl + searchWgsl;
const CLIP = quantizerWgsl + clipWgsl;
const APPLY = quantizerWgsl + applyWgsl;

interface Shape {
  rows: number;
  cols: number;
  layout: GroupLayout;
  bits: number;
}

function awqParams(gpu: Gpu, sh: Shape, sOffset: number, nx: number, useClip: boolean, factor = 1): GPUBuffer {
  return uniformBuffer(gpu, [
    { u32: sh.rows }, { u32: sh.cols }, { u32: sh.layout.size }, { u32: sh.layout.count },
    { u32: sh.bits }, { u32: sOffset }, { u32: nx }, { u32: useClip ? 1 : 0 },
    { f32: factor }, { u32: 0 }, { u32: 0 }, { u32: 0 },
  ]);
}

function checkBindings(gpu: Gpu, maxBindingBytes: number | undefined, sizes: Record<string, number>): void {
  const limit = bindingLimit(gpu, maxBindingBytes);
  for (const [what, bytes] of Object.entries(sizes)) {
    if (bytes > limit) {
      throw new GpuLimitError(`AWQ needs ${what} of ${bytes} bytes in one binding; this GPU allows ${limit}. Use fewer calibration tokens or the CPU backend.`);
    }
  }
}

/**
 * The Gram form costs rows x cols^2 per candidate against tokens x rows x cols: it wins when the
 * search tokens outnumber the columns, and needs the cols x cols matrix in one binding.
 */
export function awqSearchPath(gpu: Gpu, tokens: number, cols: number, asked: AwqSearchPath = 'auto', maxBindingBytes?: number): 'direct' | 'gram' {
  if (asked !== 'auto') return asked;
  return tokens > cols && cols * cols * 4 <= bindingLimit(gpu, maxBindingBytes) ? 'gram' : 'direct';
}

function lossDispatch(gpu: Gpu, a: GPUBuffer, b: GPUBuffer, sums: GPUBuffer, n: number, index: number): Dispatch {
  return { code: lossWgsl, bindings: [a, b, sums, uniformBuffer(gpu, [{ u32: n }, { u32: index }, { u32: 0 }, { u32: 0 }])], workgroups: [1], label: 'awq loss' };
}

/**
 * One band of rows: per candidate s, diff = W - Q(W*s)/s and the sum over tokens and rows of
 * (x diff^T)^2, directly or as sum(diff G . diff) with G = x^T x (the 20 sums of all bands, over
 * tokens x rows, are the search losses).
 */
async function searchSums(gpu: Gpu, sh: Shape, wBuf: GPUBuffer, sBuf: GPUBuffer, x: { buffer: GPUBuffer; tokens: number; gram: GPUBuffer | null }): Promise<Float32Array> {
  const { rows, cols } = sh;
  const diff = storageBuffer(gpu, rows * cols * 4, 'weight difference');
  const out = x.gram ? storageBuffer(gpu, rows * cols * 4, 'difference times gram') : storageBuffer(gpu, x.tokens * rows * 4, 'output difference');
  const sums = storageBuffer(gpu, AWQ_RATIOS * 4, 'loss sums');
  const groups = grid1D(gpu, rows * sh.layout.count, 64);
  const dispatches: Dispatch[] = [];
  for (let i = 0; i < AWQ_RATIOS; i++) {
    dispatches.push({ code: SEARCH, bindings: [wBuf, sBuf, diff, awqParams(gpu, sh, i * cols, groups[0], false)], workgroups: groups, label: 'awq search' });
    if (x.gram) {
      dispatches.push(
        matmulDispatch(gpu, { buffer: diff, offset: 0, ld: cols }, { buffer: x.gram, offset: 0, ld: cols }, { buffer: out, offset: 0, ld: cols }, { m: rows, n: cols, k: cols }),
        lossDispatch(gpu, out, diff, sums, rows * cols, i),
      );
    } else {
      dispatches.push(
        matmulDispatch(gpu, { buffer: x.buffer, offset: 0, ld: cols }, { buffer: diff, offset: 0, ld: cols }, { buffer: out, offset: 0, ld: rows }, {
          m: x.tokens, n: rows, k: cols, transB: true,
        }),
        lossDispatch(gpu, out, out, sums, x.tokens * rows, i),
      );
    }
  }
  submitDispatches(gpu, dispatches);
  return readF32(gpu, sums, AWQ_RATIOS);
}

/**
 * auto_clip: per shrink step the bounds and per (row, group) errors d^T G_g d / tokens, with the
 * group Gram matrices G_g = xs_g^T xs_g formed once; keeps the first strict minimum per (row, group).
 */
function gramDispatches(gpu: Gpu, sh: Shape, xsBuf: GPUBuffer, grams: GPUBuffer, tokens: number): Dispatch[] {
  const { cols, layout } = sh;
  const gs = layout.size;
  return Array.from({ length: layout.count }, (_, g) => {
    const k = Math.min(cols, (g + 1) * gs) - g * gs;
    const x = { buffer: xsBuf, offset: g * gs, ld: cols };
    return matmulDispatch(gpu, x, x, { buffer: grams, offset: g * gs * gs, ld: gs }, { m: k, n: k, k: tokens, transA: true });
  });
}

async function clipSearch(gpu: Gpu, sh: Shape, wBuf: GPUBuffer, sBuf: GPUBuffer, grams: GPUBuffer, tokens: number): Promise<Float32Array> {
  const { rows, cols, layout } = sh;
  const gs = layout.size;
  const nRg = rows * layout.count;
  const diff = storageBuffer(gpu, rows * cols * 4, 'clip difference');
  const f = storageBuffer(gpu, rows * gs * 4, 'difference times gram');
  const err = storageBuffer(gpu, AWQ_CLIP_STEPS * nRg * 4, 'clip errors');
  const bounds = Array.from({ length: AWQ_CLIP_STEPS }, () => storageBuffer(gpu, nRg * 4, 'clip bounds'));
  const groups = grid1D(gpu, nRg, 64);
  const rowGroups = grid1D(gpu, rows, 64);
  const width = (g: number) => Math.min(cols, (g + 1) * gs) - g * gs;
  const dispatches: Dispatch[] = [];
  for (let step = 0; step < AWQ_CLIP_STEPS; step++) {
    const factor = f32(1 - step / AWQ_RATIOS);
    dispatches.push({
      code: CLIP,
      bindings: [wBuf, sBuf, diff, bounds[step], awqParams(gpu, sh, 0, groups[0], true, factor)],
      workgroups: groups,
      label: 'awq clip',
    });
    for (let g = 0; g < layout.count; g++) {
      const k = width(g);
      dispatches.push(
        matmulDispatch(gpu, { buffer: diff, offset: g * gs, ld: cols }, { buffer: grams, offset: g * gs * gs, ld: gs }, { buffer: f, offset: 0, ld: gs }, {
          m: rows, n: k, k,
        }),
        {
          code: clipErrorWgsl,
          bindings: [f, diff, err, uniformBuffer(gpu, [
            { u32: tokens }, { u32: rows }, { u32: layout.count }, { u32: step },
            { u32: g }, { u32: rowGroups[0] }, { u32: cols }, { u32: gs },
            { u32: k }, { u32: 0 }, { u32: 0 }, { u32: 0 },
          ])],
          workgroups: rowGroups,
          label: 'awq clip error',
        },
      );
    }
  }
  submitDispatches(gpu, dispatches);
  const errors = await readF32(gpu, err, AWQ_CLIP_STEPS * nRg);
  const candidates = await Promise.all(bounds.map((b) => readF32(gpu, b, nRg)));
  const best = new Float32Array(nRg);
  for (let i = 0; i < nRg; i++) {
    let bestErr = Infinity;
    for (let step = 0; step < AWQ_CLIP_STEPS; step++) {
      const v = errors[step * nRg + i];
      if (v < bestErr) {
        bestErr = v;
        best[i] = candidates[step][i];
      }
    }
  }
  return best;
}

export interface AwqSearch {
  lossHistory: Float32Array;
  bestRatio: number;
  awqScales: Float32Array;
  /** Present when the options asked for auto_clip. */
  clipMaxval?: Float32Array;
}

/** Bands of whole rows such that a band of W and its [tokens, band rows] output both fit one binding. */
function bands(gpu: Gpu, rows: number, cols: number, tokens: number, maxBindingBytes?: number): RowTile[] {
  return rowTiles(rows, Math.max(cols, tokens), 4, bindingLimit(gpu, maxBindingBytes));
}

function bandOf(w: WeightMatrix, tile: RowTile): Float32Array {
  return w.data.subarray(tile.rowStart * w.cols, (tile.rowStart + tile.rowCount) * w.cols);
}

/**
 * The data-dependent half of llm-awq on WebGPU: the scale search and, when `opts.clip`, the
 * clipping bounds, a band of rows at a time (the loss is a sum over rows, the bounds are per
 * row). The candidate scales (20 x cols pow's) and the token sampling are computed on the host,
 * exactly as the twin does; everything that touches the weight or the activations runs in the
 * kernels.
 */
export async function awqSearchGpu(
  gpu: Gpu,
  w: WeightMatrix,
  meanAbs: Float32Array,
  activations: Float32Array,
  tokens: number,
  opts: AwqOptions,
  maxBindingBytes?: number,
  path: AwqSearchPath = opts.searchPath ?? 'auto',
): Promise<AwqSearch> {
  const { rows, cols } = w;
  const layout = groupLayout(cols, opts.group);
  const searchIdx = searchTokenIndices(tokens, opts.searchTokenCap);
  const clipIdx = opts.clip ? clipTokenIndices(tokens) : new Int32Array(0);
  // The weight is processed in row bands under maxBindingBytes; the sampled activations and the
  // Gram matrices are not banded and need to fit one binding of the device itself.
  checkBindings(gpu, undefined, {
    'the sampled activations': Math.max(searchIdx.length, clipIdx.length) * cols * 4,
    // auto_clip holds one size x size Gram matrix per group: large for per-row groups of wide layers.
    'the clip Gram matrices': opts.clip ? layout.count * layout.size * layout.size * 4 : 0,
  });
  const sTable = new Float32Array(AWQ_RATIOS * cols);
  for (let i = 0; i < AWQ_RATIOS; i++) sTable.set(candidateScales(meanAbs, i), i * cols);
  return withBufferScope(gpu.device, () =>
    withErrorScopes(gpu, async () => {
      const sums = new Float64Array(AWQ_RATIOS);
      const sBuf = uploadBuffer(gpu, sTable, 'candidate scales');
      const xBuf = uploadBuffer(gpu, gatherRows(activations, cols, searchIdx), 'search tokens');
      const tokensX = searchIdx.length;
      let gram: GPUBuffer | null = null;
      if (awqSearchPath(gpu, tokensX, cols, path, maxBindingBytes) === 'gram') {
        gram = storageBuffer(gpu, cols * cols * 4, 'search gram');
        const xv = { buffer: xBuf, offset: 0, ld: cols };
        submitDispatches(gpu, [matmulDispatch(gpu, xv, xv, { buffer: gram, offset: 0, ld: cols }, { m: cols, n: cols, k: tokensX, transA: true })]);
      }
      for (const tile of bands(gpu, rows, cols, gram ? 0 : tokensX, maxBindingBytes)) {
        const sh: Shape = { rows: tile.rowCount, cols, layout, bits: opts.bits };
        const part = await withBufferScope(gpu.device, async () =>
          searchSums(gpu, sh, uploadBuffer(gpu, bandOf(w, tile), 'weight band'), sBuf, { buffer: xBuf, tokens: tokensX, gram }),
        );
        part.forEach((v, i) => (sums[i] += v));
      }
      const count = searchIdx.length * rows;
      const lossHistory = Float32Array.from(sums, (v) => (count === 0 ? 0 : v / count));
      const best = firstMinimum(lossHistory);
      const awqScales = sTable.slice(best * cols, (best + 1) * cols);
      let clipMaxval: Float32Array | undefined;
      if (opts.clip) {
        const xs = gatherRows(activations, cols, clipIdx);
        for (let i = 0; i < xs.length; i++) xs[i] = f32(xs[i] / awqScales[i % cols]);
        const chosen = uploadBuffer(gpu, awqScales, 'chosen scales');
        const grams = storageBuffer(gpu, layout.count * layout.size * layout.size * 4, 'group grams');
        submitDispatches(gpu, gramDispatches(gpu, { rows, cols, layout, bits: opts.bits }, uploadBuffer(gpu, xs, 'clip tokens'), grams, clipIdx.length));
        clipMaxval = new Float32Array(rows * layout.count);
        for (const tile of bands(gpu, rows, cols, 0, maxBindingBytes)) {
          const sh: Shape = { rows: tile.rowCount, cols, layout, bits: opts.bits };
          const part = await withBufferScope(gpu.device, async () =>
            clipSearch(gpu, sh, uploadBuffer(gpu, bandOf(w, tile), 'weight band'), chosen, grams, clipIdx.length),
          );
          clipMaxval.set(part, tile.rowStart * layout.count);
        }
      }
      return { lossHistory, bestRatio: best / AWQ_RATIOS, awqScales, clipMaxval };
    }),
  );
}

export interface AwqApplied {
  weight: Float32Array;
  wqScaled: Float32Array;
  codes: Uint8Array;
  scale: Float32Array;
  zero: Float32Array;
}

/** Q(clip(W*s)) and Q(clip(W*s))/s with its codes and grid, a band of rows at a time (twin: awqQuantizeGroups). */
export async function awqApplyGpu(
  gpu: Gpu,
  w: WeightMatrix,
  awqScales: Float32Array,
  clipMaxval: Float32Array | null,
  bits: number,
  group: number,
  maxBindingBytes?: number,
): Promise<AwqApplied> {
  const { rows, cols } = w;
  const layout = groupLayout(cols, group);
  const result: AwqApplied = {
    weight: new Float32Array(rows * cols),
    wqScaled: new Float32Array(rows * cols),
    codes: new Uint8Array(rows * cols),
    scale: new Float32Array(rows * layout.count),
    zero: new Float32Array(rows * layout.count),
  };
  for (const tile of bands(gpu, rows, cols, 0, maxBindingBytes)) {
    await withBufferScope(gpu.device, () =>
      withErrorScopes(gpu, async () => {
        const sh: Shape = { rows: tile.rowCount, cols, layout, bits };
        const n = tile.rowCount * cols;
        const nRg = tile.rowCount * layout.count;
        const rg0 = tile.rowStart * layout.count;
        const out = storageBuffer(gpu, n * 4, 'awq weight');
        const wq = storageBuffer(gpu, n * 4, 'awq scaled weight');
        const codes = storageBuffer(gpu, n * 4, 'awq codes');
        const grid = storageBuffer(gpu, 2 * nRg * 4, 'awq grid');
        const groups = grid1D(gpu, nRg, 64);
        const bindings = [
          uploadBuffer(gpu, bandOf(w, tile), 'weight band'),
          uploadBuffer(gpu, awqScales, 'chosen scales'),
          uploadBuffer(gpu, clipMaxval ? clipMaxval.subarray(rg0, rg0 + nRg) : new Float32Array(1), 'clip bounds'),
          out, wq, codes, grid,
          awqParams(gpu, sh, 0, groups[0], clipMaxval !== null),
        ];
        submitDispatches(gpu, [{ code: APPLY, bindings, workgroups: groups, label: 'awq apply' }]);
        const gridValues = await readF32(gpu, grid, 2 * nRg);
        const at = tile.rowStart * cols;
        result.weight.set(await readF32(gpu, out, n), at);
        result.wqScaled.set(await readF32(gpu, wq, n), at);
        result.codes.set(await readU32(gpu, codes, n), at);
        result.scale.set(gridValues.subarray(0, nRg), rg0);
        result.zero.set(gridValues.subarray(nRg), rg0);
      }),
    );
  }
  return result;
}

/** llm-awq for one linear on WebGPU (twin: awqQuantize): search, optional auto_clip, apply. */
export async function awqGpu(
  gpu: Gpu,
  w: WeightMatrix,
  meanAbs: Float32Array,
  activations: Float32Array,
  tokens: number,
  opts: AwqOptions,
  maxBindingBytes?: number,
  path: AwqSearchPath = opts.searchPath ?? 'auto',
): Promise<AwqResult> {
  const search = await awqSearchGpu(gpu, w, meanAbs, activations, tokens, opts, maxBindingBytes, path);
  const applied = await awqApplyGpu(gpu, w, search.awqScales, search.clipMaxval ?? null, opts.bits, opts.group, maxBindingBytes);
  return { ...search, ...applied, layout: groupLayout(w.cols, opts.group) };
}
