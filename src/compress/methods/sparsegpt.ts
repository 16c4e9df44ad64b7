import { acquireGpu } from '../../gpu/index.ts';
import { sparsegptGpu } from '../gpu/sparsegpt.ts';
import type { MethodDef } from '../method.ts';
import { checkParams, checkStats, nmPattern } from '../params.ts';
import { sparsegptPrune, type SparsegptOptions } from '../reference/sparsegpt.ts';
import { makeReport } from '../report.ts';
import { CompressInputError, type CompressParams } from '../types.ts';
import { checkObsParams, requireHessian, withHessianErrors } from './obs-common.ts';

/** N:M groups are chosen inside the row kernel with a 32-bit mask (MAX_M in sparsegpt-block.wgsl). */
const MAX_M = 32;

const defaults: CompressParams = { sparsity: 0.5, pattern: 'unstructured', damp: 0.01, blocksize: 128 };

export const sparsegptMethod: MethodDef = {
  id: 'sparsegpt',
  kind: 'prune',
  label: 'SparseGPT',
  summary: 'OBS pruning: mask by w^2 / Hinv_ii^2 per 128-column block, error fed back to later columns',
  needs: ['hessian'],
  params: ['sparsity', 'pattern', 'damp', 'blocksize'],
  defaults,
  async run(weight, stats, params, ctx) {
    const p = { ...defaults, ...params };
    checkParams(sparsegptMethod.params, p, weight);
    checkStats(sparsegptMethod.label, sparsegptMethod.needs, stats, weight);
    checkObsParams(sparsegptMethod.label, p);
    const nm = nmPattern(p);
    if (nm && nm.m > MAX_M) throw new CompressInputError(`SparseGPT N:M needs M <= ${MAX_M}, got ${nm.n}:${nm.m}`);
    const hessian = requireHessian(sparsegptMethod.label, stats, weight);
    const opts: SparsegptOptions = {
      sparsity: p.sparsity ?? 0.5,
      pattern: nm ?? 'unstructured',
      damp: p.damp ?? 0.01,
      blocksize: p.blocksize ?? 128,
    };
    const { rows, cols, data } = weight;
    const start = performance.now();
    const result = await withHessianErrors(sparsegptMethod.label, async () =>
      ctx.backend === 'webgpu'
        ? sparsegptGpu(await acquireGpu(), data, rows, cols, hessian, opts, ctx.maxBindingBytes)
        : sparsegptPrune(data, rows, cols, hessian, opts),
    );
    const ms = performance.now() - start;
    return {
      weight: result.out,
      // As the reference's mask: an entry is pruned when the OBS result is exactly zero.
      mask: Uint8Array.from(result.out, (v) => (v === 0 ? 1 : 0)),
      extras: { sparsegptRowLoss: result.rowLoss },
      report: makeReport(data, result.out, 32, ms, ctx.backend),
    };
  },
};
