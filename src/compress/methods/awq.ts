import { acquireGpu } from '../../gpu/index.ts';
import { awqGpu } from '../gpu/awq.ts';
import { packCodesGpu } from '../gpu/pack.ts';
import type { MethodDef } from '../method.ts';
import { checkParams, checkStats } from '../params.ts';
import { awqQuantize } from '../reference/awq.ts';
import { packCodes } from '../reference/pack.ts';
import { makeReport } from '../report.ts';
import { CompressInputError, type CompressParams, type PackedWeight } from '../types.ts';

const defaults: CompressParams = { bits: 4, group: 128, clip: true };

/**
 * llm-awq for one linear: grid search of s = mean|x|^a (a = i/20) on the output error over the
 * calibration tokens (the stats' strided sample, itself capped at AWQ_SEARCH_TOKEN_CAP), optional auto_clip,
 * then pseudo_quantize_tensor on clip(W*s) with 1/s folded back. `weight` is Q(clip(W*s))/s;
 * `packed` holds the codes of Q(clip(W*s)) (the stored form once 1/s moves into the previous op),
 * so dequantising it gives extras.wqScaled, and dividing column c by extras.awqScales[c] gives weight.
 */
export const awqMethod: MethodDef = {
  id: 'awq',
  kind: 'quantize',
  label: 'AWQ',
  summary: 'Activation-aware scaling searched on the output error, optional clipping, then k-bit groups',
  needs: ['meanAbs', 'activations'],
  params: ['bits', 'group', 'clip'],
  defaults,
  checkShape(params, weight) {
    // llm-awq's pseudo_quantize_tensor asserts in_features % q_group_size == 0 and reshapes W to
    // [-1, q_group_size] (auto_clip reshapes the same way), so AWQ refuses a group size that does
    // not divide the input width (or exceeds it) rather than invent a partial last group the
    // authors' code never computes. GPTQ and RTN differ: see gptq.ts.
    const group = params.group ?? defaults.group!;
    if (group !== -1 && weight.cols % group !== 0) {
      throw new CompressInputError(
        `AWQ needs the group size to divide the input width, as llm-awq does: ${group} does not divide ${weight.cols}; use a divisor of ${weight.cols} or -1 (one group per row)`,
      );
    }
  },
  async run(weight, stats, params, ctx) {
    const p = { ...defaults, ...params };
    checkParams(awqMethod.params, p, weight);
    awqMethod.checkShape!(p, weight);
    checkStats(awqMethod.label, awqMethod.needs, stats, weight);
    const { meanAbs, activations, tokens } = stats!;
    // The calibration pass keeps a strided sample of the tokens (ACTIVATION_SAMPLE_TOKENS): the
    // search and auto_clip run on the sample, mean|x| on every token.
    const sampled = activations ? activations.length / weight.cols : 0;
    if (!activations || !meanAbs || !Number.isInteger(sampled) || sampled < 1 || sampled > tokens) {
      throw new CompressInputError(
        `AWQ needs activations of at most ${tokens} tokens x ${weight.cols} inputs, got ${activations?.length ?? 0} values`,
      );
    }
    const opts = { bits: p.bits ?? 4, group: p.group ?? 128, clip: p.clip ?? true };
    const { rows, cols } = weight;
    const start = performance.now();
    let res;
    let words: Uint32Array;
    if (ctx.backend === 'webgpu') {
      const gpu = await acquireGpu();
      res = await awqGpu(gpu, weight, meanAbs, activations, sampled, opts, ctx.maxBindingBytes);
      words = await packCodesGpu(gpu, res.codes, rows, cols, opts.bits, ctx.maxBindingBytes);
    } else {
      res = awqQuantize(weight, meanAbs, activations, sampled, opts);
      words = packCodes(res.codes, rows, cols, opts.bits);
    }
    const ms = performance.now() - start;
    const packed: PackedWeight = { bits: opts.bits, rows, cols, group: res.layout.size, words, scale: res.scale, zero: res.zero };
    const extras: Record<string, Float32Array> = {
      awqScales: res.awqScales,
      lossHistory: res.lossHistory,
      wqScaled: res.wqScaled,
      scale: res.scale,
      zero: res.zero,
    };
    if (res.clipMaxval) extras.clipMaxval = res.clipMaxval;
    return { weight: res.weight, packed, extras, report: makeReport(weight.data, res.weight, opts.bits, ms, ctx.backend) };
  },
};
