import saliencyWgsl from '../../../shaders/obs-saliency.wgsl?raw';
import blockWgsl from '../../../shaders/sparsegpt-block.wgsl?raw';
import {
  type Dispatch,
  type Gpu,
  grid1D,
  readF32,
  storageBuffer,
  uniformBuffer,
  uploadBuffer,
  withBufferScope,
  withErrorScopes,
} from '../../gpu/index.ts';
import type { ObsResult, SparsegptOptions } from '../reference/sparsegpt.ts';
import { prepareHessianGpu } from './hessian.ts';
import { checkHinvFits, permuteBands, readBands, runObsBlocks, uploadBands } from './obs.ts';
import { planKthSmallestAbs } from './select.ts';

/**
 * SparseGPT on the GPU (twin: sparsegptPrune). The unstructured threshold of each block is the exact
 * k-th smallest saliency over all rows (every band's segment), found by the radix select and bound
 * straight into the block kernel: nothing is read back until the end. `maxBindingBytes` caps the
 * weight bands below the device limit (tests use it to force several bands).
 */
export async function sparsegptGpu(
  gpu: Gpu,
  weight: Float32Array,
  rows: number,
  cols: number,
  hessian: Float32Array,
  opts: SparsegptOptions,
  maxBindingBytes?: number,
): Promise<ObsResult> {
  checkHinvFits(gpu, cols);
  return withBufferScope(gpu.device, () =>
    withErrorScopes(gpu, async () => {
      const bands = uploadBands(gpu, weight, rows, cols, opts.blocksize, maxBindingBytes);
      const prep = await prepareHessianGpu(gpu, uploadBuffer(gpu, hessian, 'hessian'), cols, opts.damp, false);
      permuteBands(gpu, bands, prep.order, prep.dead, cols);
      const loss = storageBuffer(gpu, rows * 4, 'row loss');
      const nm = opts.pattern === 'unstructured' ? null : opts.pattern;
      const metrics = bands.map((b) => storageBuffer(gpu, nm ? 4 : b.rows * Math.min(opts.blocksize, cols) * 4, 'saliency'));
      const noThreshold = uploadBuffer(gpu, new Uint32Array(1), 'no threshold');
      runObsBlocks(gpu, bands, prep.hinv, cols, opts.blocksize, (i1, count) => {
        const dispatches: Dispatch[] = [];
        let state = noThreshold;
        if (!nm) {
          bands.forEach((b, i) => {
            const groups = grid1D(gpu, b.rows * count, 64);
            dispatches.push({
              code: saliencyWgsl,
              bindings: [b.w, prep.hinv, metrics[i], uniformBuffer(gpu, [{ u32: b.rows }, { u32: cols }, { u32: i1 }, { u32: count }, { u32: groups[0] }])],
              workgroups: groups,
              label: 'obs saliency',
            });
          });
          const segments = bands.map((b, i) => ({ buffer: metrics[i], count: b.rows * count }));
          const plan = planKthSmallestAbs(gpu, segments, Math.floor(rows * count * opts.sparsity));
          dispatches.push(...plan.dispatches);
          state = plan.state;
        }
        bands.forEach((b, i) => {
          const groups = grid1D(gpu, b.rows, 64);
          dispatches.push({
            code: blockWgsl,
            bindings: [
              b.w, prep.hinv, metrics[i], state, b.err, loss,
              uniformBuffer(gpu, [
                { u32: b.rows }, { u32: cols }, { u32: i1 }, { u32: count },
                { u32: nm ? nm.n : 0 }, { u32: nm ? nm.m : 0 }, { u32: groups[0] }, { u32: b.row0 },
              ]),
            ],
            workgroups: groups,
            label: 'sparsegpt block',
          });
        });
        return dispatches;
      });
      return { out: await readBands(gpu, bands, (b) => b.w, cols), rowLoss: await readF32(gpu, loss, rows) };
    }),
  );
}
