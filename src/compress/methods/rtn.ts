import { acquireGpu } from '../../gpu/index.ts';
import { rtnGpu } from '../gpu/rtn.ts';
import type { MethodDef } from '../method.ts';
import { checkParams } from '../params.ts';
import { packCodes } from '../reference/pack.ts';
import { rtnQuantize } from '../reference/rtn.ts';
import { makeReport } from '../report.ts';
import type { CompressParams, PackedWeight } from '../types.ts';

const defaults: CompressParams = { bits: 4, group: 128, sym: false };

/**
 * Round-to-nearest with GPTQ's Quantizer per (row, group): asymmetric grids forced to include 0,
 * symmetric grids centred at (maxq+1)/2. A group size that does not divide the input width leaves
 * a shorter last group with its own range.
 */
export const rtnMethod: MethodDef = {
  id: 'rtn',
  kind: 'quantize',
  label: 'RTN',
  summary: 'Round each weight to the nearest level of a k-bit grid per group of inputs, no calibration',
  needs: [],
  params: ['bits', 'group', 'sym'],
  defaults,
  async run(weight, _stats, params, ctx) {
    const p = { ...defaults, ...params };
    checkParams(rtnMethod.params, p, weight);
    const opts = { bits: p.bits ?? 4, group: p.group ?? 128, sym: p.sym ?? false };
    const start = performance.now();
    let res;
    let words: Uint32Array;
    if (ctx.backend === 'webgpu') {
      res = await rtnGpu(await acquireGpu(), weight, opts, ctx.maxBindingBytes);
      words = res.words;
    } else {
      res = rtnQuantize(weight, opts);
      words = packCodes(res.codes, weight.rows, weight.cols, opts.bits);
    }
    const ms = performance.now() - start;
    const packed: PackedWeight = {
      bits: opts.bits,
      rows: weight.rows,
      cols: weight.cols,
      group: res.layout.size,
      words,
      scale: res.scale,
      zero: res.zero,
    };
    return {
      weight: res.weight,
      packed,
      extras: { scale: res.scale, zero: res.zero },
      report: makeReport(weight.data, res.weight, opts.bits, ms, ctx.backend),
    };
  },
};
