import packWgsl from '../../../shaders/pack-codes.wgsl?raw';
import dequantWgsl from '../../../shaders/dequant-packed.wgsl?raw';
import {
  type Dispatch,
  type Gpu,
  bindingLimit,
  grid1D,
  readParts,
  readU32,
  rowTiles,
  storageBuffer,
  submitDispatches,
  uniformBuffer,
  uploadBuffer,
  withBufferScope,
  withErrorScopes,
} from '../../gpu/index.ts';
import { codesPerWord, wordsPerRow } from '../reference/pack.ts';
import type { PackedWeight } from '../types.ts';

/** Packs `rows` rows of u32 codes (one per weight) into `words`; twin: packCodes. */
export function packDispatch(gpu: Gpu, codes: GPUBuffer, words: GPUBuffer, rows: number, cols: number, bits: number): Dispatch {
  const wpr = wordsPerRow(cols, bits);
  const groups = grid1D(gpu, rows * wpr, 64);
  const params = uniformBuffer(gpu, [
    { u32: rows }, { u32: cols }, { u32: bits }, { u32: wpr },
    { u32: groups[0] }, { u32: 0 }, { u32: 0 }, { u32: 0 },
  ]);
  const by4 = codesPerWord(bits) % 4 === 0 && cols % 4 === 0;
  return { code: packWgsl, entryPoint: by4 ? 'main4' : 'main', bindings: [codes, words, params], workgroups: groups, label: 'pack codes' };
}

/** Packs codes [rows, cols] on the GPU, a band of rows at a time when the codes exceed one binding. */
export async function packCodesGpu(
  gpu: Gpu,
  codes: ArrayLike<number>,
  rows: number,
  cols: number,
  bits: number,
  maxBindingBytes?: number,
): Promise<Uint32Array> {
  const wpr = wordsPerRow(cols, bits);
  const words = new Uint32Array(rows * wpr);
  for (const tile of rowTiles(rows, cols, 4, bindingLimit(gpu, maxBindingBytes))) {
    await withBufferScope(gpu.device, () =>
      withErrorScopes(gpu, async () => {
        const slice = Uint32Array.from({ length: tile.rowCount * cols }, (_, i) => codes[tile.rowStart * cols + i]);
        const wordBuf = storageBuffer(gpu, tile.rowCount * wpr * 4, 'packed words');
        submitDispatches(gpu, [packDispatch(gpu, uploadBuffer(gpu, slice, 'codes'), wordBuf, tile.rowCount, cols, bits)]);
        words.set(await readU32(gpu, wordBuf, tile.rowCount * wpr), tile.rowStart * wpr);
      }),
    );
  }
  return words;
}

/** Packed weight back to float (scale * (code - zero)); twin: dequantPacked. */
export async function dequantPackedGpu(gpu: Gpu, p: PackedWeight, maxBindingBytes?: number): Promise<Float32Array> {
  const wpr = wordsPerRow(p.cols, p.bits);
  const nGroups = Math.ceil(p.cols / p.group);
  const out = new Float32Array(p.rows * p.cols);
  // vec4 kernel when each word of a row lies in one group and holds whole vec4s.
  const per = codesPerWord(p.bits);
  const by4 = !p.gIdx && p.cols % 4 === 0 && per % 4 === 0 && p.group % per === 0;
  for (const tile of rowTiles(p.rows, p.cols, 4, bindingLimit(gpu, maxBindingBytes))) {
    await withBufferScope(gpu.device, () =>
      withErrorScopes(gpu, async () => {
        const n = tile.rowCount * p.cols;
        const groups = grid1D(gpu, tile.rowCount * wpr, 64);
        const params = uniformBuffer(gpu, [
          { u32: tile.rowCount }, { u32: p.cols }, { u32: p.bits }, { u32: wpr },
          { u32: p.group }, { u32: nGroups }, { u32: p.gIdx ? 1 : 0 }, { u32: groups[0] },
        ]);
        const gRange = [tile.rowStart * nGroups, (tile.rowStart + tile.rowCount) * nGroups] as const;
        const outBuf = storageBuffer(gpu, n * 4, 'dequantised');
        const inputs = [
          uploadBuffer(gpu, p.words.subarray(tile.rowStart * wpr, (tile.rowStart + tile.rowCount) * wpr), 'words'),
          uploadBuffer(gpu, p.scale.subarray(...gRange), 'scale'),
          uploadBuffer(gpu, p.zero.subarray(...gRange), 'zero'),
        ];
        submitDispatches(gpu, [
          by4
            ? { code: dequantWgsl, entryPoint: 'main4', bindings: [...inputs, outBuf, params], workgroups: groups, label: 'dequant packed' }
            : {
                code: dequantWgsl,
                entryPoint: 'main',
                bindings: [...inputs, uploadBuffer(gpu, p.gIdx ?? new Int32Array(1), 'g_idx'), outBuf, params],
                workgroups: groups,
                label: 'dequant packed',
              },
        ]);
        await readParts(gpu, [{ buffer: outBuf, bytes: n * 4 }], (data) => out.set(new Float32Array(data, 0, n), tile.rowStart * p.cols));
      }),
    );
  }
  return out;
}
