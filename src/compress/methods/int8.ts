import { acquireGpu } from '../../gpu/index.ts';
import { int8Gpu } from '../gpu/int8.ts';
import type { MethodDef } from '../method.ts';
import { checkParams, checkStats } from '../params.ts';
import { INT8_DEFAULT_THRESHOLD, int8Bits, int8Quantize } from '../reference/int8.ts';
import { makeReport } from '../report.ts';
import type { CompressParams } from '../types.ts';

const defaults: CompressParams = { threshold: INT8_DEFAULT_THRESHOLD };

/**
 * LLM.int8-style weights: input columns whose activations reach beyond the threshold (max |x|)
 * stay exact, the others are 8-bit absmax per output row. Bits per weight count the outlier
 * columns at 16 (LLM.int8 keeps them in fp16).
 */
export const int8Method: MethodDef = {
  id: 'int8',
  kind: 'quantize',
  label: 'LLM.int8',
  summary: '8-bit absmax per row; input columns with activation outliers (> threshold) kept exact',
  needs: ['maxAbs'],
  params: ['threshold'],
  defaults,
  async run(weight, stats, params, ctx) {
    const p = { ...defaults, ...params };
    checkParams(int8Method.params, p, weight);
    checkStats(int8Method.label, int8Method.needs, stats, weight);
    const maxAbs = stats!.maxAbs!;
    const threshold = p.threshold ?? INT8_DEFAULT_THRESHOLD;
    const start = performance.now();
    const res =
      ctx.backend === 'webgpu'
        ? await int8Gpu(await acquireGpu(), weight, maxAbs, threshold, ctx.maxBindingBytes)
        : int8Quantize(weight, maxAbs, threshold);
    const ms = performance.now() - start;
    return {
      weight: res.weight,
      extras: { scale: res.scale, outlierColumns: res.outlierColumns },
      report: makeReport(weight.data, res.weight, int8Bits(weight.cols, res.outlierColumns.length), ms, ctx.backend),
    };
  },
};
