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
  clip: flag('AWQ: also search per-group clipping ranges (the default)'),
  'no-clip': flag("AWQ: no clipping search, as llm-awq's run_awq without auto_clip"),
  threshold: option({ value: 'T', help: 'LLM.int8: activation magnitude above which an input column stays in full precision', read: number }),
};

type SharedKeys = 'group' | 'sym' | 'act-order' | 'damp' | 'blocksize' | 'clip' | 'no-clip' | 'threshold';

/** The parameters every point of a run shares (a sweep varies sparsity, pattern and bits); unset ones left out. */
export function sharedMethodParams(values: Pick<OptionValues<typeof METHOD_OPTIONS>, SharedKeys>): CompressParams {
  if (values.clip && values['no-clip']) throw new CliInputError('--clip and --no-clip contradict each other; give one');
  return definedOnly({
    group: values.group,
    sym: values.sym || undefined,
    actOrder: values['act-order'] || undefined,
    damp: values.damp,
    blocksize: values.blocksize,
    clip: values.clip ? true : values['no-clip'] ? false : undefined,
    threshold: values.threshold,
  });
}

/** Parameters without the unset ones, so that the method's defaults apply and records stay short. */
export function definedOnly(params: CompressParams): CompressParams {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as CompressParams;
}

/** The option that sets each parameter, for messages in the user's words. */
const OPTION_OF: Record<keyof CompressParams, string> = {
  sparsity: '--sparsity',
  pattern: '--pattern',
  bits: '--bits',
  group: '--group',
  sym: '--sym',
  actOrder: '--act-order',
  damp: '--damp',
  blocksize: '--blocksize',
  clip: '--clip/--no-clip',
  threshold: '--threshold',
};

/**
 * Refuses parameters given that no step of the method reads (`taken`): a --sparsity for rtn would
 * otherwise be echoed in the report and ignored.
 */
export function refuseUntakenParams(method: string, given: CompressParams, taken: ReadonlyArray<keyof CompressParams>): void {
  const untaken = (Object.keys(given) as Array<keyof CompressParams>).filter((key) => given[key] !== undefined && !taken.includes(key));
  if (untaken.length === 0) return;
  const takes = taken.length > 0 ? `it takes ${taken.map((k) => OPTION_OF[k]).join(', ')}` : 'it takes no parameters';
  throw new CliInputError(`${untaken.map((k) => OPTION_OF[k]).join(', ')} ${untaken.length === 1 ? 'does' : 'do'} not apply to ${method}; ${takes}`);
}
