// The options of `npm run compress` and their reading into a checked job. Pure: no files, no
// browser, so that every rejection is tested without starting anything.
import type { Backend, CompressParams } from '../../src/compress/types.ts';
import { definedOnly, METHOD_OPTIONS, sharedMethodParams } from './method-options.ts';
import { integer, oneOf, text } from './option-values.ts';
import { CliInputError, flag, option, parseCommand, type CommandSpec, type OptionTable, type ReadValue } from './parse-cli.ts';

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

const shape: ReadValue<{ rows: number; cols: number }> = (value, name) => {
  const match = /^(\d+)x(\d+)$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new CliInputError(`--${name} must be OUTxIN with positive integers, e.g. 4096x4096, got "${value}"`);
  }
  return { rows: Number(match[1]), cols: Number(match[2]) };
};

const { method, ...parameterOptions } = METHOD_OPTIONS;

export const COMPRESS_COMMAND = {
  command: 'npm run compress --',
  options: {
    method,
    weight: option({ value: 'W.f32', help: 'the weight matrix [out, in]', read: text, required: true }),
    shape: option({ value: 'OUTxIN', help: "the weight's shape, e.g. 4096x4096", read: shape, required: true }),
    out: option({ value: 'OUT.f32', help: 'where the compressed weight is written', read: text, required: true }),
    calib: option({ value: 'X.f32', help: 'calibration activations [rows, in], for the methods that need them', read: text }),
    rows: option({ value: 'N', help: 'tokens in --calib (default: as many as the file holds)', read: integer }),
    seqlen: option({ value: 'L', help: 'tokens per calibration sequence (default: all rows are one)', read: integer }),
    ...parameterOptions,
    backend: option({ value: 'webgpu|cpu', help: 'WebGPU in headless Chromium, or the TypeScript twins in Node', read: oneOf(['webgpu', 'cpu'] as const), default: 'webgpu' }),
    'eval-tokens': option({ value: 'N', help: 'calibration tokens the output error is measured on', read: integer, default: 512 }),
    json: flag('print the report as one JSON line'),
  },
  notes: ['files: little-endian float32, row-major; W is [out, in] (torch layout), X is [rows, in]'],
} satisfies CommandSpec<OptionTable>;

export function parseCompressArgs(argv: string[]): CliJob | 'help' {
  const values = parseCommand(COMPRESS_COMMAND, argv);
  if (values === 'help') return 'help';
  if (!values.calib && (values.rows !== undefined || values.seqlen !== undefined)) {
    throw new CliInputError('--rows and --seqlen describe --calib, which is missing');
  }
  return {
    spec: values.method,
    params: definedOnly({ sparsity: values.sparsity, pattern: values.pattern, bits: values.bits, ...sharedMethodParams(values) }),
    backend: values.backend,
    weightPath: values.weight,
    rows: values.shape.rows,
    cols: values.shape.cols,
    calib: values.calib ? { path: values.calib, tokens: values.rows ?? null, seqlen: values.seqlen ?? null } : null,
    outPath: values.out,
    json: values.json,
    evalTokens: values['eval-tokens'],
  };
}
