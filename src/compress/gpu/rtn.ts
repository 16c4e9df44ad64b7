import quantizerWgsl from '../../../shaders/quantizer.wgsl?raw';
import gridWgsl from '../../../shaders/rtn-grid.wgsl?raw';
import fusedWgsl from '../../../shaders/rtn-fused.wgsl?raw';
import quantizeWgsl from '../../../shaders/rtn-quantize.wgsl?raw';
import {
  type Gpu,
  bindingLimit,
  grid1D,
  readParts,
  rowTiles,
  storageBuffer,
  submitDispatches,
  uniformBuffer,
  uploadBuffer,
  withBufferScope,
  withErrorScopes,
} from '../../gpu/index.ts';
import { codesPerWord, wordsPerRow } from '../reference/pack.ts';
import { groupLayout, type RtnOptions, type RtnResult } from '../reference/rtn.ts';
import type { WeightMatrix } from '../types.ts';

const GRID = quantizerWgsl + gridWgsl;
const QUANTIZE = quantizerWgsl + quantizeWgsl;
const FUSED = quantizerWgsl + fusedWgsl;

export interface RtnGpuResult extends RtnResult {
  /** Codes packed as PackedWeight.words. */
  words: Uint32Array;
}

/** Spreads the packed words of rows [rowStart, rowStart + rowCount) into one code byte per weight. */
function unpackRows(words: Uint32Array, rowStart: number, rowCount: number, cols: number, bits: number, codes: Uint8Array): void {
  const per = codesPerWord(bits);
  const wpr = wordsPerRow(cols, bits);
  const mask = (1 << bits) - 1;
  for (let r = 0; r < rowCount; r++) {
    const out = (rowStart + r) * cols;
    for (let j = 0; j < wpr; j++) {
      const word = words[r * wpr + j];
      const c0 = j * per;
      const c1 = Math.min(c0 + per, cols);
      for (let c = c0; c < c1; c++) codes[out + c] = (word >>> ((c - c0) * bits)) & mask;
    }
  }
}

/**
 * Round-to-nearest on WebGPU (twin: rtnQuantize): grid per (row, group), then dequantised values
 * and packed words in one kernel, a band of rows at a time when the weight exceeds one binding.
 * The one-byte codes are unpacked from the words on the CPU: cheaper than reading back a u32 per weight.
 */
export async function rtnGpu(gpu: Gpu, w: WeightMatrix, opts: RtnOptions, maxBindingBytes?: number): Promise<RtnGpuResult> {
  const { rows, cols } = w;
  const layout = groupLayout(cols, opts.group);
  const wpr = wordsPerRow(cols, opts.bits);
  const weight = new Float32Array(rows * cols);
  const codes = new Uint8Array(rows * cols);
  const scale = new Float32Array(rows * layout.count);
  const zero = new Float32Array(rows * layout.count);
  const words = new Uint32Array(rows * wpr);
  // vec4 kernels when every vec4 of a row lies in one group, and in one word for the packing.
  const by4 = cols % 4 === 0 && layout.size % 4 === 0;
  const by4Words = by4 && codesPerWord(opts.bits) % 4 === 0;
  // One kernel for grid, codes and words when no word spans two groups, on CPU-emulated adapters:
  // there one invocation walking a whole group is the fast way, while a GPU reads neighbouring
  // words together in the two-kernel layout (the fused one is not measured on a GPU, so they keep that).
  const fused = by4Words && layout.size % codesPerWord(opts.bits) === 0 && gpu.info.isFallbackAdapter;
  for (const tile of rowTiles(rows, cols, 4, bindingLimit(gpu, maxBindingBytes))) {
    await withBufferScope(gpu.device, () =>
      withErrorScopes(gpu, async () => {
        const n = tile.rowCount * cols;
        const entryPoint = by4 ? 'main4' : 'main';
        const nGrid = tile.rowCount * layout.count;
        const nWords = tile.rowCount * wpr;
        const gridGroups = grid1D(gpu, nGrid, 64);
        const wordGroups = grid1D(gpu, nWords, 64);
        const fields = (nx: number) =>
          uniformBuffer(gpu, [
            { u32: tile.rowCount }, { u32: cols }, { u32: layout.size }, { u32: layout.count },
            { u32: opts.bits }, { u32: opts.sym ? 1 : 0 }, { u32: nx }, { u32: wpr },
          ]);
        const wBuf = uploadBuffer(gpu, w.data.subarray(tile.rowStart * cols, tile.rowStart * cols + n), 'weight');
        const scaleBuf = storageBuffer(gpu, nGrid * 4, 'scale');
        const zeroBuf = storageBuffer(gpu, nGrid * 4, 'zero');
        const outBuf = storageBuffer(gpu, n * 4, 'dequantised');
        const wordBuf = storageBuffer(gpu, nWords * 4, 'words');
        submitDispatches(
          gpu,
          fused
            ? [{ code: FUSED, bindings: [wBuf, scaleBuf, zeroBuf, outBuf, wordBuf, fields(gridGroups[0])], workgroups: gridGroups, label: 'rtn' }]
            : [
                { code: GRID, entryPoint, bindings: [wBuf, scaleBuf, zeroBuf, fields(gridGroups[0])], workgroups: gridGroups, label: 'rtn grid' },
                {
                  code: QUANTIZE,
                  entryPoint: by4Words ? 'main4' : 'main',
                  bindings: [wBuf, scaleBuf, zeroBuf, outBuf, wordBuf, fields(wordGroups[0])],
                  workgroups: wordGroups,
                  label: 'rtn quantize',
                },
              ],
        );
        await readParts(
          gpu,
          [
            { buffer: outBuf, bytes: n * 4 },
            { buffer: scaleBuf, bytes: nGrid * 4 },
            { buffer: zeroBuf, bytes: nGrid * 4 },
            { buffer: wordBuf, bytes: nWords * 4 },
          ],
          (data, offsets) => {
            weight.set(new Float32Array(data, offsets[0], n), tile.rowStart * cols);
            scale.set(new Float32Array(data, offsets[1], nGrid), tile.rowStart * layout.count);
            zero.set(new Float32Array(data, offsets[2], nGrid), tile.rowStart * layout.count);
            words.set(new Uint32Array(data, offsets[3], nWords), tile.rowStart * wpr);
          },
        );
        unpackRows(words.subarray(tile.rowStart * wpr, (tile.rowStart + tile.rowCount) * wpr), tile.rowStart, tile.rowCount, cols, opts.bits, codes);
      }),
    );
  }
  return { weight, codes, scale, zero, layout, words };
}
