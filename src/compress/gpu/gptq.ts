import quantizerWgsl from '../../../shaders/quantizer.wgsl?raw';
import rowGridWgsl from '../../../shaders/gptq_row_grid.wgsl?raw';
import blockWgsl from '../../../shaders/gptq_block.wgsl?raw';
import {
  type Dispatch,
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
import { checkObsFits, permuteColumnsDispatch, runObsBlocks } from './obs.ts';

const ROW_GRID = `${quantizerWgsl}\n${rowGridWgsl}`;
const BLOCK = `${quantizerWgsl}\n${blockWgsl}`;

/** GPTQ on the GPU (twin: gptqQuantize): groups, sym/asym, act-order; the same outputs as the twin. */
export async function gptqGpu(
  gpu: Gpu,
  weight: Float32Array,
  rows: number,
  cols: number,
  hessian: Float32Array,
  opts: GptqOptions,
): Promise<GptqResult> {
  const { bits, group, sym, actOrder } = opts;
  const nGroups = groupCount(cols, group);
  checkObsFits(gpu, rows, cols);
  return withBufferScope(gpu.device, () =>
    withErrorScopes(gpu, async () => {
      const original = uploadBuffer(gpu, weight, 'weight');
      const scale = storageBuffer(gpu, rows * nGroups * 4, 'scale');
      const zero = storageBuffer(gpu, rows * nGroups * 4, 'zero');
      const rowGroups = grid1D(gpu, rows, 64);
      if (group <= 0) {
        // The reference's first find_params sees W before the dead-column fix and the permutation.
        submitDispatches(gpu, [
          {
            code: ROW_GRID,
            bindings: [original, scale, zero, uniformBuffer(gpu, [{ u32: rows }, { u32: cols }, { u32: bits }, { u32: sym ? 1 : 0 }, { u32: rowGroups[0] }])],
            workgroups: rowGroups,
            label: 'gptq row grid',
          },
        ]);
      }
      const prep = await prepareHessianGpu(gpu, uploadBuffer(gpu, hessian, 'hessian'), cols, opts.damp, actOrder);
      const w = storageBuffer(gpu, rows * cols * 4, 'obs weight');
      submitDispatches(gpu, [permuteColumnsDispatch(gpu, original, prep.order, prep.dead, w, rows, cols, false)]);
      const loss = storageBuffer(gpu, rows * 4, 'row loss');
      runObsBlocks(gpu, w, prep.hinv, rows, cols, opts.blocksize, ({ i1, count, err }): Dispatch[] => [
        {
          code: BLOCK,
          bindings: [
            w, prep.hinv, scale, zero, err, loss,
            uniformBuffer(gpu, [
              { u32: rows }, { u32: cols }, { u32: i1 }, { u32: count },
              { i32: group }, { u32: bits }, { u32: sym ? 1 : 0 }, { u32: nGroups },
              { u32: rowGroups[0] },
            ]),
          ],
          workgroups: rowGroups,
          label: 'gptq block',
        },
      ]);
      let outBuffer = w;
      let perm: Int32Array | null = null;
      if (actOrder) {
        outBuffer = original; // every column is overwritten by the scatter
        submitDispatches(gpu, [permuteColumnsDispatch(gpu, w, prep.order, prep.dead, outBuffer, rows, cols, true)]);
        perm = new Int32Array((await readU32(gpu, prep.order, cols)).buffer);
      }
      const gIdx = new Int32Array(cols);
      for (let k = 0; k < cols; k++) gIdx[perm ? perm[k] : k] = group > 0 ? Math.floor(k / group) : 0;
      return {
        out: await readF32(gpu, outBuffer, rows * cols),
        scale: await readF32(gpu, scale, rows * nGroups),
        zero: await readF32(gpu, zero, rows * nGroups),
        perm,
        gIdx,
        rowLoss: await readF32(gpu, loss, rows),
      };
    }),
  );
}
