import { acquireGpu } from '../../gpu/index.ts';
import { magnitudePruneGpu, magnitudePruneNmGpu } from '../gpu/magnitude.ts';
import type { MethodDef } from '../method.ts';
import { checkParams, nmPattern } from '../params.ts';
import { magnitudePrune, magnitudePruneNm } from '../reference/magnitude.ts';
import { makeReport } from '../report.ts';
import type { CompressParams } from '../types.ts';

const defaults: CompressParams = { sparsity: 0.5, pattern: 'unstructured' };

/**
 * Magnitude pruning as LLM-KICK runs it. Unstructured: one threshold per layer,
 * t = sort(|W|)[floor(numel*s)], prune |W| <= t, so floor(numel*s)+1 entries go (plus ties) and
 * s = 0 still prunes the smallest entry, as the reference does. N:M: the n smallest |W| of every
 * aligned group of m inputs in each row (sparsity ignored).
 */
export const magnitudeMethod: MethodDef = {
  id: 'magnitude',
  kind: 'prune',
  label: 'Magnitude',
  summary: 'Zero the smallest |W| under one threshold per layer (or N:M per group), no calibration',
  needs: [],
  params: ['sparsity', 'pattern'],
  defaults,
  async run(weight, _stats, params, ctx) {
    const p = { ...defaults, ...params };
    checkParams(magnitudeMethod.params, p, weight);
    const nm = nmPattern(p);
    const sparsity = p.sparsity ?? 0.5;
    const start = performance.now();
    let result;
    if (ctx.backend === 'webgpu') {
      const gpu = await acquireGpu();
      result = nm
        ? await magnitudePruneNmGpu(gpu, weight, nm, ctx.maxBindingBytes)
        : await magnitudePruneGpu(gpu, weight, sparsity, ctx.maxBindingBytes);
    } else {
      result = nm ? magnitudePruneNm(weight, nm) : magnitudePrune(weight, sparsity);
    }
    const ms = performance.now() - start;
    return {
      weight: result.weight,
      mask: result.mask,
      report: makeReport(weight.data, result.weight, 32, ms, ctx.backend),
    };
  },
};
