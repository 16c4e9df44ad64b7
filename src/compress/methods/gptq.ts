import { acquireGpu } from '../../gpu/index.ts';
import { gptqGpu } from '../gpu/gptq.ts';
import type { MethodDef } from '../method.ts';
import { checkParams, checkStats } from '../params.ts';
import { roundHalfEven } from '../reference/float.ts';
import { gptqQuantize, type GptqOptions, type GptqResult } from '../reference/gptq.ts';
import { packCodes } from '../reference/pack.ts';
import { makeReport } from '../report.ts';
import type { CompressParams, PackedWeight } from '../types.ts';
import { checkObsParams, requireHessian, withHessianErrors } from './obs-common.ts';

const defaults: CompressParams = { bits: 4, group: 128, sym: false, actOrder: false, damp: 0.01, blocksize: 128 };

/**
 * Integer codes of the dequantised output: out = scale * (code - zero) exactly as the kernels
 * compute it, so out / scale lands within rounding of an integer.
 */
function packResult(res: GptqResult, rows: number, cols: number, bits: number, group: number): PackedWeight {
  const groups = res.scale.length / rows;
  const maxq = 2 ** bits - 1;
  const codes = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const g = r * groups + res.gIdx[c];
      const code = roundHalfEven(res.out[r * cols + c] / res.scale[g]) + res.zero[g];
      codes[r * cols + c] = Math.min(maxq, Math.max(0, code));
    }
  }
  return {
    bits,
    rows,
    cols,
    group: group > 0 ? group : cols,
    words: packCodes(codes, rows, cols, bits),
    scale: res.scale,
    zero: res.zero,
    gIdx: res.perm ? res.gIdx : undefined,
  };
}

/**
 * Group sizes are handled as IST-DASLab/gptq's fasterquant handles them, not refused: it calls
 * find_params on W[:, i:i + groupsize] whenever column i is a multiple of groupsize, so a size that
 * does not divide the width leaves a shorter last group with its own grid, and a size above the
 * width makes one group per row. RTN shares that Quantizer and that rule; AWQ refuses (awq.ts).
 */
export const gptqMethod: MethodDef = {
  id: 'gptq',
  kind: 'quantize',
  label: 'GPTQ',
  summary: 'OBS quantisation: RTN grid per group inside the 128-column error-feedback loop, optional act-order',
  needs: ['hessian'],
  params: ['bits', 'group', 'sym', 'actOrder', 'damp', 'blocksize'],
  defaults,
  async run(weight, stats, params, ctx) {
    const p = { ...defaults, ...params };
    checkParams(gptqMethod.params, p, weight);
    checkStats(gptqMethod.label, gptqMethod.needs, stats, weight);
    checkObsParams(gptqMethod.label, p);
    const hessian = requireHessian(gptqMethod.label, stats, weight);
    const opts: GptqOptions = {
      bits: p.bits ?? 4,
      group: p.group ?? 128,
      sym: p.sym ?? false,
      actOrder: p.actOrder ?? false,
      damp: p.damp ?? 0.01,
      blocksize: p.blocksize ?? 128,
    };
    const { rows, cols, data } = weight;
    const start = performance.now();
    const res = await withHessianErrors(gptqMethod.label, async () =>
      ctx.backend === 'webgpu'
        ? gptqGpu(await acquireGpu(), data, rows, cols, hessian, opts, ctx.maxBindingBytes)
        : gptqQuantize(data, rows, cols, hessian, opts),
    );
    const ms = performance.now() - start;
    const extras: Record<string, Float32Array | Int32Array> = {
      scale: res.scale,
      zero: res.zero,
      gIdx: res.gIdx,
      gptqRowLoss: res.rowLoss,
    };
    if (res.perm) extras.perm = res.perm;
    return {
      weight: res.out,
      packed: packResult(res, rows, cols, opts.bits, opts.group),
      extras,
      report: makeReport(data, res.out, opts.bits, ms, ctx.backend),
    };
  },
};
