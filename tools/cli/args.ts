// Parsing of the compress CLI's arguments into a checked job description. Pure: no files, no
// browser, so that every rejection is tested without starting anything.
import { parseArgs } from 'node:util';
import type { Backend, CompressParams } from '../../src/compress/types.ts';

export class CliInputError extends Error {
  override name = 'CliInputError';
}

export interface CliJob {
  spec: string;
  params: CompressParams;
  backend: Backend;
  weightPath: string;
  rows: number;
  cols: number;
  calib: { path: string; tokens: number | null; seqlen: number | null } | null;
  outPath: string;
  json: boolean;
  evalTokens: number;
}

/** A compression method and its parameters, shared by the compress and kick commands. */
export const METHOD_OPTIONS = {
  method: { type: 'string' },
  sparsity: { type: 'string' },
  pattern: { type: 'string' },
  bits: { type: 'string' },
  group: { type: 'string' },
  sym: { type: 'boolean' },
  'act-order': { type: 'boolean' },
  damp: { type: 'string' },
  blocksize: { type: 'string' },
  clip: { type: 'boolean' },
  threshold: { type: 'string' },
} as const;

const OPTIONS = {
  ...METHOD_OPTIONS,
  weight: { type: 'string' },
  shape: { type: 'string' },
  calib: { type: 'string' },
  rows: { type: 'string' },
  seqlen: { type: 'string' },
  out: { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  'eval-tokens': { type: 'string' },
  help: { type: 'boolean' },
} as const;

export const USAGE = `usage: npm run compress -- --method ID --weight W.f32 --shape OUTxIN [--calib X.f32 --rows N [--seqlen L]]
  [--sparsity S] [--pattern unstructured|N:M] [--bits B] [--group G|-1] [--sym] [--act-order]
  [--damp D] [--blocksize K] [--clip] [--threshold T] --out OUT.f32 [--backend webgpu|cpu] [--json]
methods: magnitude, wanda, sparsegpt, rtn, gptq, awq, int8, or prune+quantize (e.g. wanda+rtn)
files: little-endian float32, row-major; W is [out, in] (torch layout), X is [rows, in]`;

export function num(name: string, text: string | undefined, integer = false): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new CliInputError(`--${name} must be ${integer ? 'an integer' : 'a number'}, got "${text}"`);
  }
  return value;
}

export function pattern(text: string | undefined): CompressParams['pattern'] {
  if (text === undefined) return undefined;
  if (text === 'unstructured') return 'unstructured';
  const match = /^(\d+):(\d+)$/.exec(text);
  if (!match) throw new CliInputError(`--pattern must be "unstructured" or N:M such as 2:4, got "${text}"`);
  return { n: Number(match[1]), m: Number(match[2]) };
}

/** parseArgs reads "-1" as an option; glue negative numbers to the option they belong to. */
export function glueNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (argv[i].startsWith('--') && !argv[i].includes('=') && next !== undefined && /^-\d/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

export function parseCliArgs(argv: string[]): CliJob | 'help' {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
  try {
    ({ values } = parseArgs({ args: glueNegativeValues(argv), options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new CliInputError((error as Error).message.split('\n')[0]);
  }
  if (values.help) return 'help';
  for (const required of ['method', 'weight', 'shape', 'out'] as const) {
    if (!values[required]) throw new CliInputError(`--${required} is required`);
  }
  const shape = /^(\d+)x(\d+)$/.exec(values.shape ?? '');
  if (!shape || Number(shape[1]) < 1 || Number(shape[2]) < 1) {
    throw new CliInputError(`--shape must be OUTxIN with positive integers, e.g. 4096x4096, got "${values.shape}"`);
  }
  const backend = values.backend ?? 'webgpu';
  if (backend !== 'webgpu' && backend !== 'cpu') {
    throw new CliInputError(`--backend must be webgpu or cpu, got "${backend}"`);
  }
  if (!values.calib && (values.rows !== undefined || values.seqlen !== undefined)) {
    throw new CliInputError('--rows and --seqlen describe --calib, which is missing');
  }
  const params: CompressParams = {
    sparsity: num('sparsity', values.sparsity),
    pattern: pattern(values.pattern),
    bits: num('bits', values.bits),
    group: num('group', values.group, true),
    sym: values.sym,
    actOrder: values['act-order'],
    damp: num('damp', values.damp),
    blocksize: num('blocksize', values.blocksize, true),
    clip: values.clip,
    threshold: num('threshold', values.threshold),
  };
  return {
    spec: values.method as string,
    params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as CompressParams,
    backend,
    weightPath: values.weight as string,
    rows: Number(shape[1]),
    cols: Number(shape[2]),
    calib: values.calib
      ? { path: values.calib, tokens: num('rows', values.rows, true) ?? null, seqlen: num('seqlen', values.seqlen, true) ?? null }
      : null,
    outPath: values.out as string,
    json: values.json ?? false,
    evalTokens: num('eval-tokens', values['eval-tokens'], true) ?? 512,
  };
}
