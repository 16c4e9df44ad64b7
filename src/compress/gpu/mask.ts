import applyWgsl from '../../../shaders/mask-apply.wgsl?raw';
import {
  bindingLimit,
  type Dispatch,
  type Gpu,
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
import type { PruneOutput } from '../reference/magnitude.ts';
import type { WeightMatrix } from '../types.ts';

// Pruning kernels write bit masks: ceil(cols/32) u32 words per row, bit b of word j = column 32j+b,
// 1 = pruned. That is 1/32 of the weight's size to keep and read back.

export function maskWords(cols: number): number {
  return Math.ceil(cols / 32);
}

/** A band of rows of a weight on the GPU, with its mask buffer. */
export interface TileJob {
  tile: RowTile;
  weight: GPUBuffer;
  mask: GPUBuffer;
}

/** Zeroes, in place, the entries of a [rows, cols] weight buffer that a bit mask marks as pruned. */
export function applyMaskDispatch(gpu: Gpu, weight: GPUBuffer, mask: GPUBuffer, rows: number, cols: number): Dispatch {
  const by4 = cols % 4 === 0;
  const groups = grid1D(gpu, by4 ? (rows * cols) / 4 : rows * cols, 256);
  const params = uniformBuffer(gpu, [{ u32: rows * cols }, { u32: cols }, { u32: maskWords(cols) }, { u32: groups[0] }]);
  if (by4) return { code: applyWgsl, entryPoint: 'main4', bindings: [weight, mask, params], workgroups: groups, label: 'mask apply' };
  return { code: applyWgsl, entryPoint: 'main', bindings: [weight, mask, params], workgroups: groups, label: 'mask apply' };
}

/** Spreads a [rows, words] bit mask of a row band into a byte mask (1 = pruned). */
export function unpackMaskBits(bits: Uint32Array, tile: RowTile, cols: number, out: Uint8Array): void {
  const words = maskWords(cols);
  for (let r = 0; r < tile.rowCount; r++) {
    const dst = (tile.rowStart + r) * cols;
    const src = r * words;
    for (let c = 0; c < cols; c++) out[dst + c] = (bits[src + (c >>> 5)] >>> (c & 31)) & 1;
  }
}

/**
 * Uploads a weight in row bands under the binding limit, runs the mask dispatches `plan` returns
 * for all bands (one submission), zeroes the pruned entries on the GPU and reads weight and mask back.
 * Every buffer made on the way is freed at the end.
 */
export function pruneInTiles(
  gpu: Gpu,
  weight: WeightMatrix,
  maxBindingBytes: number | undefined,
  plan: (jobs: TileJob[]) => Dispatch[],
): Promise<PruneOutput> {
  const { rows, cols, data } = weight;
  return withBufferScope(gpu.device, async () => {
    const tiles = rowTiles(rows, cols, 4, bindingLimit(gpu, maxBindingBytes));
    const jobs = tiles.map((tile) => ({
      tile,
      weight: uploadBuffer(gpu, data.subarray(tile.rowStart * cols, (tile.rowStart + tile.rowCount) * cols), 'weight tile'),
      mask: storageBuffer(gpu, tile.rowCount * maskWords(cols) * 4, 'mask bits'),
    }));
    const out = new Float32Array(data.length);
    const mask = new Uint8Array(data.length);
    await withErrorScopes(gpu, async () => {
      submitDispatches(gpu, [
        ...plan(jobs),
        ...jobs.map((j) => applyMaskDispatch(gpu, j.weight, j.mask, j.tile.rowCount, cols)),
      ]);
      for (const { tile, weight: w, mask: m } of jobs) {
        out.set(await readF32(gpu, w, tile.rowCount * cols), tile.rowStart * cols);
        unpackMaskBits(await readU32(gpu, m, tile.rowCount * maskWords(cols)), tile, cols, mask);
      }
    });
    return { weight: out, mask };
  });
}
