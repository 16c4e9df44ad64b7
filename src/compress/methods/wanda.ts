import { acquireGpu } from '../../gpu/index.ts';
import { wandaPruneGpu, wandaPruneNmGpu } from '../gpu/wanda.ts';
import type { MethodDef } from '../method.ts';
import { checkParams, checkStats, nmPattern } from '../params.ts';
import { wandaPrune, wandaPruneNm } from '../reference/wanda.ts';
import { makeReport } from '../report.ts';
import type { CompressParams } from '../types.ts';

const defaults: CompressParams = { sparsity: 0.5, pattern: 'unstructured' };

/**
 * Wanda (Sun et al. 2023): score |W_ij| * sqrt(scaler_row_j). Unstructured: each output row
 * prunes exactly floor(in*s) lowest scores, lower column first among equal scores (s = 0 prunes
 * nothing). N:M: the n lowest scores of every aligned group of m inputs.
 */
export const wandaMethod: MethodDef = {
  id: 'wanda',
  kind: 'prune',
  label: 'Wanda',
  summary: 'Prune the lowest |W| * ||x|| per output row (or N:M), from input norms of calibration data',
  needs: ['scalerRow'],
  params: ['sparsity', 'pattern'],
  defaults,
  async run(weight, stats, params, ctx) {
    const p = { ...defaults, ...params };
    checkParams(wandaMethod.params, p, weight);
    checkStats(wandaMethod.label, wandaMethod.needs, stats, weight);
    const scaler = stats!.scalerRow!;
    const nm = nmPattern(p);
    const sparsity = p.sparsity ?? 0.5;
    const start = performance.now();
    let result;
    if (ctx.backend === 'webgpu') {
      const gpu = await acquireGpu();
      result = nm
        ? await wandaPruneNmGpu(gpu, weight, scaler, nm, ctx.maxBindingBytes)
        : await wandaPruneGpu(gpu, weight, scaler, sparsity, ctx.maxBindingBytes);
    } else {
      result = nm ? wandaPruneNm(weight, scaler, nm) : wandaPrune(weight, scaler, sparsity);
    }
    const ms = performance.now() - start;
    return {
      weight: result.weight,
      mask: result.mask,
      report: makeReport(weight.data, result.weight, 32, ms, ctx.backend),
    };
  },
};
