import quantizerWgsl from '../../../shaders/quantizer.wgsl?raw';
import rowGridWgsl from '../../../shaders/gptq-row-grid.wgsl?raw';
import blockWgsl from '../../../shaders/gptq-block.wgsl?raw';
import {
  type Gpu,
  grid1D,
  readF32,
  readU32,
  storageBuffer,
  submitDispatches,
  uniformBuffer,
  uploadBuffer,
  withBufferScope,
  withErrorScopes,
} from '../../gpu/index.ts';
import { groupCount, type GptqOptions, type GptqResult } from '../reference/gptq.ts';
import { prepareHessianGpu } from './hessian.ts';
import { checkHinvFits, permuteBands, permuteColumnsDispatch, readBands, runObsBlocks, uploadBands } from './obs.ts';

const ROW_GRID = `${quantizerWgsl}\n${rowGridWgsl}`;
const BLOCK = `${quantizerWgsl}\n${blockWgsl}`;

/**
 * GPTQ on the GPU (twin: gptqQuantize): groups, sym/asym, act-order; the same outputs as the twin.
 * `maxBindingBytes` caps the weight bands below the device limit.
 */
export async function gptqGpu(
  gpu: Gpu,
  weight: Float32Array,
  rows: number,
  cols: number,
  hessian: Float32Array,
  opts: GptqOptions,
  maxBindingBytes?: number,
): Promise<GptqResult> {
  const { bits, group, sym, actOrder } = opts;
  const nGroups = groupCount(cols, group);
  checkHinvFits(gpu, cols);
  return withBufferScope(gpu.device, () =>
    withErrorScopes(gpu, async () => {
      const bands = uploadBands(gpu, weight, rows, cols, opts.blocksize, maxBindingBytes);
      const scale = storageBuffer(gpu, rows * nGroups * 4, 'scale');
      const zero = storageBuffer(gpu, rows * nGroups * 4, 'zero');
      if (group <= 0) {
        // The reference's first find_params sees W before the dead-column fix and the permutation.
        submitDispatches(
          gpu,
          bands.map((b) => {
            const groups = grid1D(gpu, b.rows, 64);
            return {
              code: ROW_GRID,
              bindings: [
                b.original, scale, zero,
                uniformBuffer(gpu, [{ u32: b.rows }, { u32: cols }, { u32: bits }, { u32: sym ? 1 : 0 }, { u32: groups[0] }, { u32: b.row0 }]),
              ],
              workgroups: groups,
              label: 'gptq row grid',
            };
          }),
        );
      }
      const prep = await prepareHessianGpu(gpu, uploadBuffer(gpu, hessian, 'hessian'), cols, opts.damp, actOrder);
      permuteBands(gpu, bands, prep.order, prep.dead, cols);
      const loss = storageBuffer(gpu, rows * 4, 'row loss');
      runObsBlocks(gpu, bands, prep.hinv, cols, opts.blocksize, (i1, count) =>
        bands.map((b) => {
          const groups = grid1D(gpu, b.rows, 64);
          return {
            code: BLOCK,
            bindings: [
              b.w, prep.hinv, scale, zero, b.err, loss,
              uniformBuffer(gpu, [
                { u32: b.rows }, { u32: cols }, { u32: i1 }, { u32: count },
                { i32: group }, { u32: bits }, { u32: sym ? 1 : 0 }, { u32: nGroups },
                { u32: groups[0] }, { u32: b.row0 },
              ]),
            ],
            workgroups: groups,
            label: 'gptq block',
          };
        }),
      );
      let perm: Int32Array | null = null;
      if (actOrder) {
        // Q[:, argsort(perm)]: every column of the band's original buffer is overwritten.
        submitDispatches(gpu, bands.map((b) => permuteColumnsDispatch(gpu, b.w, prep.order, prep.dead, b.original, b.rows, cols, true)));
        perm = new Int32Array((await readU32(gpu, prep.order, cols)).buffer);
      }
      const gIdx = new Int32Array(cols);
      for (let k = 0; k < cols; k++) gIdx[perm ? perm[k] : k] = group > 0 ? Math.floor(k / group) : 0;
      return {
        out: await readBands(gpu, bands, (b) => (actOrder ? b.original : b.w), cols),
        scale: await readF32(gpu, scale, rows * nGroups),
        zero: await readF32(gpu, zero, rows * nGroups),
        perm,
        gIdx,
        rowLoss: await readF32(gpu, loss, rows),
      };
    }),
  );
}
