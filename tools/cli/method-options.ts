// The options that name a compression method and its parameters, shared by `npm run compress` (one
// layer) and `npm run kick` (a sweep over sparsities, patterns and bit widths).
import type { CompressParams } from '../../src/compress/types.ts';
import { parsePattern } from '../../src/compress/params.ts';
import { CliInputError, flag, option, type OptionValues, type ReadValue } from './parse-cli.ts';
import { integer, number, text } from './option-values.ts';

const pattern: ReadValue<CompressParams['pattern']> = (value, name) => {
  try {
    return parsePattern(value);
  } catch {
    throw new CliInputError(`--${name} must be "unstructured" or N:M such as 2:4, got "${value}"`);
  }
};

export const METHOD_OPTIONS = {
  method: option({ value: 'ID', help: 'compression method: magnitude, wanda, sparsegpt, rtn, gptq, awq, int8, or prune+quantize such as wanda+rtn', read: text, required: true }),
  sparsity: option({ value: 'S', help: 'fraction of weights pruned, in [0, 1); ignored for N:M', read: number }),
  pattern: option({ value: 'unstructured|N:M', help: 'pruning pattern: unstructured, or N of every M inputs pruned such as 2:4', read: pattern }),
  bits: option({ value: 'B', help: 'quantizer bit width, 2..8', read: integer }),
  group: option({ value: 'G|-1', help: 'quantization group size along the inputs; -1 is one group per output row', read: integer }),
  sym: flag('symmetric quantization, no zero point'),
  'act-order': flag('GPTQ: quantize columns by decreasing activation'),
  damp: option({ value: 'D', help: 'Hessian damping as a fraction of mean(diag H)', read: number }),
  blocksize: option({ value: 'K', help: 'columns per OBS block (SparseGPT, GPTQ)', read: integer }),
  clip: flag('AWQ: also search per-group clipping ranges'),
  threshold: option({ value: 'T', help: 'LLM.int8: activation magnitude above which an input column stays in full precision', read: number }),
};

type SharedKeys = 'group' | 'sym' | 'act-order' | 'damp' | 'blocksize' | 'clip' | 'threshold';

/** The parameters every point of a run shares (a sweep varies sparsity, pattern and bits); unset ones left out. */
export function sharedMethodParams(values: Pick<OptionValues<typeof METHOD_OPTIONS>, SharedKeys>): CompressParams {
  return definedOnly({
    group: values.group,
    sym: values.sym || undefined,
    actOrder: values['act-order'] || undefined,
    damp: values.damp,
    blocksize: values.blocksize,
    clip: values.clip || undefined,
    threshold: values.threshold,
  });
}

/** Parameters without the unset ones, so that the method's defaults apply and records stay short. */
export function definedOnly(params: CompressParams): CompressParams {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as CompressParams;
}
