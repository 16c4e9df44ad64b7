import permuteWgsl from '../../../shaders/obs-permute-columns.wgsl?raw';
import {
  bindingLimit,
  checkNeeds,
  type Dispatch,
  type Gpu,
  readF32,
  rowTiles,
  storageBuffer,
  submitDispatches,
  uniformBuffer,
  uploadBuffer,
} from '../../gpu/index.ts';
import { matmulDispatch } from './matmul.ts';

/** Largest OBS block the row kernels hold privately (MAX_BLOCK in sparsegpt-block / gptq-block.wgsl). */
export const MAX_OBS_BLOCK = 256;

/**
 * Hinv is bound whole (its rows feed every weight row): fail early, with the numbers, where the
 * adapter's binding limit is smaller than [cols, cols] floats (GpuLimitError). The weight itself
 * is split into row bands that fit.
 */
export function checkHinvFits(gpu: Gpu, cols: number): void {
  checkNeeds(gpu, { maxStorageBufferBindingSize: cols * cols * 4, maxBufferSize: cols * cols * 4 });
}

/** A band of whole weight rows in its own buffer: every OBS row kernel works on one band. */
export interface ObsBand {
  row0: number;
  rows: number;
  /** The band as uploaded, in the original column order. */
  original: GPUBuffer;
  /** The band as the OBS loop updates it, columns in processing order, dead columns zeroed. */
  w: GPUBuffer;
  /** [rows, blocksize]: err = (w - q) / Hinv[i,i] of the current block, for the lazy update. */
  err: GPUBuffer;
}

/** Uploads `weight` [rows, cols] as row bands within the binding limit (optionally capped). */
export function uploadBands(gpu: Gpu, weight: Float32Array, rows: number, cols: number, blocksize: number, maxBindingBytes?: number): ObsBand[] {
  return rowTiles(rows, cols, 4, bindingLimit(gpu, maxBindingBytes)).map(({ rowStart, rowCount }) => ({
    row0: rowStart,
    rows: rowCount,
    original: uploadBuffer(gpu, weight.subarray(rowStart * cols, (rowStart + rowCount) * cols), 'weight band'),
    w: storageBuffer(gpu, rowCount * cols * 4, 'obs weight band'),
    err: storageBuffer(gpu, rowCount * Math.min(blocksize, cols) * 4, 'obs err'),
  }));
}

/** Column gather (with dead columns zeroed) or scatter of a [rows, cols] weight; see obs-permute-columns.wgsl. */
export function permuteColumnsDispatch(
  gpu: Gpu,
  src: GPUBuffer,
  order: GPUBuffer,
  dead: GPUBuffer,
  dst: GPUBuffer,
  rows: number,
  cols: number,
  scatter: boolean,
): Dispatch {
  return {
    code: permuteWgsl,
    bindings: [src, order, dead, dst, uniformBuffer(gpu, [{ u32: rows }, { u32: cols }, { u32: scatter ? 1 : 0 }])],
    workgroups: [Math.ceil(cols / 16), Math.ceil(rows / 16), 1],
    label: scatter ? 'obs unpermute' : 'obs permute',
  };
}

/** W of every band into processing order: w = original[:, order], dead columns zeroed. */
export function permuteBands(gpu: Gpu, bands: ObsBand[], order: GPUBuffer, dead: GPUBuffer, cols: number): void {
  submitDispatches(gpu, bands.map((b) => permuteColumnsDispatch(gpu, b.original, order, dead, b.w, b.rows, cols, false)));
}

/**
 * The OBS sweep shared by SparseGPT and GPTQ: for each block of columns, the method's dispatches
 * (which prune/quantise the block in every band's W and fill its `err`), then the lazy update
 * W[:, i2:] -= Err1 @ Hinv[i1:i2, i2:] per band. One submission per block keeps submissions short.
 */
export function runObsBlocks(
  gpu: Gpu,
  bands: ObsBand[],
  hinv: GPUBuffer,
  cols: number,
  blocksize: number,
  blockDispatches: (i1: number, count: number) => Dispatch[],
): void {
  for (let i1 = 0; i1 < cols; i1 += blocksize) {
    const i2 = Math.min(i1 + blocksize, cols);
    const count = i2 - i1;
    const dispatches = blockDispatches(i1, count);
    if (i2 < cols) {
      for (const band of bands) {
        dispatches.push(
          matmulDispatch(
            gpu,
            { buffer: band.err, offset: 0, ld: count },
            { buffer: hinv, offset: i1 * cols + i2, ld: cols },
            { buffer: band.w, offset: i2, ld: cols },
            { m: band.rows, n: cols - i2, k: count, alpha: -1, beta: 1 },
          ),
        );
      }
    }
    submitDispatches(gpu, dispatches);
  }
}

/** Reads a per-band [rows, cols] result back into one array. */
export async function readBands(gpu: Gpu, bands: ObsBand[], pick: (band: ObsBand) => GPUBuffer, cols: number): Promise<Float32Array> {
  const out = new Float32Array(bands.reduce((s, b) => s + b.rows, 0) * cols);
  for (const band of bands) out.set(await readF32(gpu, pick(band), band.rows * cols), band.row0 * cols);
  return out;
}
