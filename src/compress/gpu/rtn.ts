import quantizerWgsl from '../../../shaders/quantizer.wgsl?raw';
import gridWgsl from '../../../shaders/rtn-grid.wgsl?raw';
import quantizeWgsl from '../../../shaders/rtn-quantize.wgsl?raw';
import {
  type Gpu,
  bindingLimit,
  grid1D,
  readF32,
  readU32,
  rowTiles,
  storageBuffer,
  submitDispatches,
  uniformBuffer,
  uploadBuffer,
  withBufferScope,
  withErrorScopes,
} from '../../gpu/index.ts';
import { wordsPerRow } from '../reference/pack.ts';
import { groupLayout, type RtnOptions, type RtnResult } from '../reference/rtn.ts';
import type { WeightMatrix } from '../types.ts';
import { packDispatch } from './pack.ts';

const GRID = quantizerWgsl + gridWgsl;
const QUANTIZE = quantizerWgsl + quantizeWgsl;

export interface RtnGpuResult extends RtnResult {
  /** Codes packed as PackedWeight.words. */
  words: Uint32Array;
}

/**
 * Round-to-nearest on WebGPU (twin: rtnQuantize): grid per (row, group), then codes, dequantised
 * values and packed words, a band of rows at a time when the weight exceeds one binding.
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
  for (const tile of rowTiles(rows, cols, 4, bindingLimit(gpu, maxBindingBytes))) {
    await withBufferScope(gpu.device, () =>
      withErrorScopes(gpu, async () => {
        const n = tile.rowCount * cols;
        const nGrid = tile.rowCount * layout.count;
        const gridGroups = grid1D(gpu, nGrid, 64);
        const elemGroups = grid1D(gpu, n, 64);
        const fields = (nx: number) =>
          uniformBuffer(gpu, [
            { u32: tile.rowCount }, { u32: cols }, { u32: layout.size }, { u32: layout.count },
            { u32: opts.bits }, { u32: opts.sym ? 1 : 0 }, { u32: nx }, { u32: 0 },
          ]);
        const wBuf = uploadBuffer(gpu, w.data.subarray(tile.rowStart * cols, tile.rowStart * cols + n), 'weight');
        const scaleBuf = storageBuffer(gpu, nGrid * 4, 'scale');
        const zeroBuf = storageBuffer(gpu, nGrid * 4, 'zero');
        const outBuf = storageBuffer(gpu, n * 4, 'dequantised');
        const codeBuf = storageBuffer(gpu, n * 4, 'codes');
        const wordBuf = storageBuffer(gpu, tile.rowCount * wpr * 4, 'words');
        submitDispatches(gpu, [
          { code: GRID, bindings: [wBuf, scaleBuf, zeroBuf, fields(gridGroups[0])], workgroups: gridGroups, label: 'rtn grid' },
          {
            code: QUANTIZE,
            bindings: [wBuf, scaleBuf, zeroBuf, outBuf, codeBuf, fields(elemGroups[0])],
            workgroups: elemGroups,
            label: 'rtn quantize',
          },
          packDispatch(gpu, codeBuf, wordBuf, tile.rowCount, cols, opts.bits),
        ]);
        weight.set(await readF32(gpu, outBuf, n), tile.rowStart * cols);
        codes.set(await readU32(gpu, codeBuf, n), tile.rowStart * cols);
        scale.set(await readF32(gpu, scaleBuf, nGrid), tile.rowStart * layout.count);
        zero.set(await readF32(gpu, zeroBuf, nGrid), tile.rowStart * layout.count);
        words.set(await readU32(gpu, wordBuf, tile.rowCount * wpr), tile.rowStart * wpr);
      }),
    );
  }
  return { weight, codes, scale, zero, layout, words };
}
