import saliencyWgsl from '../../../shaders/obs_saliency.wgsl?raw';
import blockWgsl from '../../../shaders/sparsegpt_block.wgsl?raw';
import {
  type Gpu,
  grid1D,
  readF32,
  storageBuffer,
  submitDispatches,
  uniformBuffer,
  uploadBuffer,
  withBufferScope,
  withErrorScopes,
} from '../../gpu/index.ts';
import type { ObsResult, SparsegptOptions } from '../reference/sparsegpt.ts';
import { prepareHessianGpu } from './hessian.ts';
import { checkObsFits, permuteColumnsDispatch, runObsBlocks } from './obs.ts';
import { planKthSmallestAbs } from './select.ts';

/**
 * SparseGPT on the GPU (twin: sparsegptPrune). The unstructured threshold of each block is the exact
 * k-th smallest saliency found by the radix select, bound straight into the block kernel: nothing is
 * read back until the end.
 */
export async function sparsegptGpu(
  gpu: Gpu,
  weight: Float32Array,
  rows: number,
  cols: number,
  hessian: Float32Array,
  opts: SparsegptOptions,
): Promise<ObsResult> {
  checkObsFits(gpu, rows, cols);
  return withBufferScope(gpu.device, () =>
    withErrorScopes(gpu, async () => {
      const prep = await prepareHessianGpu(gpu, uploadBuffer(gpu, hessian, 'hessian'), cols, opts.damp, false);
      const original = uploadBuffer(gpu, weight, 'weight');
      const w = storageBuffer(gpu, rows * cols * 4, 'obs weight');
      submitDispatches(gpu, [permuteColumnsDispatch(gpu, original, prep.order, prep.dead, w, rows, cols, false)]);
      const loss = storageBuffer(gpu, rows * 4, 'row loss');
      const nm = opts.pattern === 'unstructured' ? null : opts.pattern;
      const metric = storageBuffer(gpu, nm ? 4 : rows * Math.min(opts.blocksize, cols) * 4, 'saliency');
      const noThreshold = uploadBuffer(gpu, new Uint32Array(1), 'no threshold');
      const rowGroups = grid1D(gpu, rows, 64);
      runObsBlocks(gpu, w, prep.hinv, rows, cols, opts.blocksize, ({ i1, count, err }) => {
        const dispatches = [];
        let state = noThreshold;
        if (!nm) {
          const cells = rows * count;
          const groups = grid1D(gpu, cells, 64);
          dispatches.push({
            code: saliencyWgsl,
            bindings: [w, prep.hinv, metric, uniformBuffer(gpu, [{ u32: rows }, { u32: cols }, { u32: i1 }, { u32: count }, { u32: groups[0] }])],
            workgroups: groups,
            label: 'obs saliency',
          });
          const plan = planKthSmallestAbs(gpu, [{ buffer: metric, count: cells }], Math.floor(cells * opts.sparsity));
          dispatches.push(...plan.dispatches);
          state = plan.state;
        }
        dispatches.push({
          code: blockWgsl,
          bindings: [
            w, prep.hinv, metric, state, err, loss,
            uniformBuffer(gpu, [
              { u32: rows }, { u32: cols }, { u32: i1 }, { u32: count },
              { u32: nm ? nm.n : 0 }, { u32: nm ? nm.m : 0 }, { u32: rowGroups[0] },
            ]),
          ],
          workgroups: rowGroups,
          label: 'sparsegpt block',
        });
        return dispatches;
      });
      return { out: await readF32(gpu, w, rows * cols), rowLoss: await readF32(gpu, loss, rows) };
    }),
  );
}
