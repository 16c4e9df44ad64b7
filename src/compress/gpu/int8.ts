import absmaxWgsl from '../../../shaders/int8-absmax.wgsl?raw';
import quantizeWgsl from '../../../shaders/int8-quantize.wgsl?raw';
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
import { outlierColumns, type Int8Result } from '../reference/int8.ts';
import type { WeightMatrix } from '../types.ts';

/**
 * LLM.int8-style quantisation on WebGPU (twin: int8Quantize): absmax scale per row over the
 * non-outlier columns, then codes and dequantised values, a band of rows at a time.
 */
export async function int8Gpu(gpu: Gpu, w: WeightMatrix, maxAbs: Float32Array, threshold: number, maxBindingBytes?: number): Promise<Int8Result> {
  const { rows, cols } = w;
  const outliers = outlierColumns(maxAbs, threshold);
  const mask = new Uint32Array(cols);
  outliers.forEach((c) => (mask[c] = 1));
  const weight = new Float32Array(rows * cols);
  const codes = new Int8Array(rows * cols);
  const scale = new Float32Array(rows);
  for (const tile of rowTiles(rows, cols, 4, bindingLimit(gpu, maxBindingBytes))) {
    await withBufferScope(gpu.device, () =>
      withErrorScopes(gpu, async () => {
        const n = tile.rowCount * cols;
        const rowGroups = grid1D(gpu, tile.rowCount, 64);
        // One invocation per 4 weights, their codes packed as bytes into one u32; vec4 kernels
        // when a row holds whole vec4s.
        const entryPoint = cols % 4 === 0 ? 'main4' : 'main';
        const quadGroups = grid1D(gpu, Math.ceil(n / 4), 64);
        const params = (nx: number) => uniformBuffer(gpu, [{ u32: tile.rowCount }, { u32: cols }, { u32: nx }, { f32: 127 }]);
        const wBuf = uploadBuffer(gpu, w.data.subarray(tile.rowStart * cols, tile.rowStart * cols + n), 'weight');
        const maskBuf = uploadBuffer(gpu, mask, 'outlier mask');
        const scaleBuf = storageBuffer(gpu, tile.rowCount * 4, 'scale');
        const outBuf = storageBuffer(gpu, n * 4, 'dequantised');
        const codeBuf = storageBuffer(gpu, n, 'codes');
        submitDispatches(gpu, [
          { code: absmaxWgsl, entryPoint, bindings: [wBuf, maskBuf, scaleBuf, params(rowGroups[0])], workgroups: rowGroups, label: 'int8 absmax' },
          {
            code: quantizeWgsl,
            entryPoint,
            bindings: [wBuf, maskBuf, scaleBuf, outBuf, codeBuf, params(quadGroups[0])],
            workgroups: quadGroups,
            label: 'int8 quantize',
          },
        ]);
        await readParts(
          gpu,
          [
            { buffer: outBuf, bytes: n * 4 },
            { buffer: codeBuf, bytes: n },
            { buffer: scaleBuf, bytes: tile.rowCount * 4 },
          ],
          (data, offsets) => {
            weight.set(new Float32Array(data, offsets[0], n), tile.rowStart * cols);
            codes.set(new Int8Array(data, offsets[1], n), tile.rowStart * cols);
            scale.set(new Float32Array(data, offsets[2], tile.rowCount), tile.rowStart);
          },
        );
      }),
    );
  }
  return { weight, scale, outlierColumns: outliers, codes };
}
