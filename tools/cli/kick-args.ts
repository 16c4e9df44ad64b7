// Arguments of `npm run kick`, the headless lab runner, into a lab run configuration. Pure, so that
// every rejection is tested without a browser.
import { parseArgs } from 'node:util';
import type { CompressParams } from '../../src/compress/types.ts';
import type { LabRunInput } from '../../src/worker/lab-protocol.ts';
import { CliInputError, glueNegativeValues, METHOD_OPTIONS, num, pattern } from './args.ts';

export const KICK_USAGE = `usage: npm run kick -- --model kick-tiny|OWNER/NAME|URL --tasks LIST --method ID|dense
  [--sparsity S[,S...]] [--pattern unstructured|N:M[,...]] [--bits B[,B...]] [--group G|-1] [--sym]
  [--act-order] [--damp D] [--blocksize K] [--clip] [--threshold T] [--schedule uniform|owl]
  [--device auto|wasm|webgpu] [--kernels auto|webgpu|cpu] [--limit N] [--seed N] [--no-dense]
  [--calib-samples N] [--calib-seqlen L] [--calib-mode one-shot|sequential] [--calib-text FILE]
  [--suite kickworld|kick] [--json] [--out FILE]
tasks: factoid, mcr, icr_closed, icr_open, summarization, instruction, perplexity (or "all")`;

const TASKS = ['factoid', 'mcr', 'icr_closed', 'icr_open', 'summarization', 'instruction', 'perplexity'] as const;

const OPTIONS = {
  model: { type: 'string' },
  tasks: { type: 'string' },
  ...METHOD_OPTIONS,
  schedule: { type: 'string' },
  device: { type: 'string' },
  kernels: { type: 'string' },
  limit: { type: 'string' },
  seed: { type: 'string' },
  'no-dense': { type: 'boolean' },
  'calib-samples': { type: 'string' },
  'calib-seqlen': { type: 'string' },
  'calib-mode': { type: 'string' },
  'calib-text': { type: 'string' },
  suite: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  help: { type: 'boolean' },
} as const;

export interface KickCli {
  config: LabRunInput;
  /** File holding calibration text, read by the caller. */
  calibTextFile: string | null;
  json: boolean;
  out: string | null;
}

function list(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',').map((t) => t.trim()).filter(Boolean);
}

function oneOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!allowed.includes(text as T)) throw new CliInputError(`--${name} must be one of ${allowed.join(', ')}, got "${text}"`);
  return text as T;
}

function modelOf(text: string): LabRunInput['model'] {
  if (text === 'kick-tiny') return { kind: 'builtin', id: 'kick-tiny' };
  if (/^(https?:)?\//.test(text)) return { kind: 'url', baseUrl: text.endsWith('/') ? text : `${text}/` };
  const [id, revision] = text.split('@');
  if (!/^[\w.-]+\/[\w.-]+$/.test(id)) {
    throw new CliInputError(`--model must be kick-tiny, a Hugging Face id such as HuggingFaceTB/SmolLM2-135M-Instruct, or a URL; got "${text}"`);
  }
  return { kind: 'hub', id, ...(revision ? { revision } : {}) };
}

export function parseKickArgs(argv: string[]): KickCli | 'help' {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
  try {
    ({ values } = parseArgs({ args: glueNegativeValues(argv), options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new CliInputError((error as Error).message.split('\n')[0]);
  }
  if (values.help) return 'help';
  for (const required of ['model', 'tasks', 'method'] as const) {
    if (!values[required]) throw new CliInputError(`--${required} is required`);
  }
  const taskList = list(values.tasks) ?? [];
  const tasks = taskList.includes('all') ? [...TASKS] : taskList;
  for (const t of tasks) {
    if (!(TASKS as readonly string[]).includes(t)) throw new CliInputError(`unknown task "${t}"; tasks: ${TASKS.join(', ')}`);
  }
  const method = values.method as string;
  const shared: CompressParams = {
    group: num('group', values.group, true),
    sym: values.sym,
    actOrder: values['act-order'],
    damp: num('damp', values.damp),
    blocksize: num('blocksize', values.blocksize, true),
    clip: values.clip,
    threshold: num('threshold', values.threshold),
  };
  const sparsities = list(values.sparsity)?.map((s) => num('sparsity', s) as number) ?? [undefined];
  const patterns = list(values.pattern)?.map((p) => pattern(p)) ?? [undefined];
  const bits = list(values.bits)?.map((b) => num('bits', b, true) as number) ?? [undefined];
  const schedule = oneOf('schedule', values.schedule, ['uniform', 'owl'] as const) ?? 'uniform';
  const points =
    method === 'dense'
      ? []
      : patterns.flatMap((pat) =>
          (pat && pat !== 'unstructured' ? [undefined] : sparsities).flatMap((sparsity) =>
            bits.map((b) => ({
              spec: method,
              schedule,
              params: Object.fromEntries(
                Object.entries({ ...shared, sparsity, pattern: pat, bits: b }).filter(([, v]) => v !== undefined),
              ) as CompressParams,
            })),
          ),
        );
  const calibMode = oneOf('calib-mode', values['calib-mode'], ['one-shot', 'sequential'] as const);
  const config: LabRunInput = {
    model: modelOf(values.model as string),
    device: oneOf('device', values.device, ['auto', 'wasm', 'webgpu'] as const) ?? 'auto',
    kernels: oneOf('kernels', values.kernels, ['auto', 'webgpu', 'cpu'] as const) ?? 'auto',
    dense: !values['no-dense'],
    points,
    calibration: {
      source: values['calib-text'] ? 'text' : 'builtin',
      nsamples: num('calib-samples', values['calib-samples'], true) ?? 16,
      seqlen: num('calib-seqlen', values['calib-seqlen'], true) ?? 128,
      seed: num('seed', values.seed, true) ?? 0,
      mode: calibMode ?? 'one-shot',
    },
    tasks: {
      ids: tasks as LabRunInput['tasks']['ids'],
      suite: oneOf('suite', values.suite, ['kickworld', 'kick'] as const),
      limit: num('limit', values.limit, true) ?? null,
      seed: num('seed', values.seed, true) ?? 0,
    },
  };
  return { config, calibTextFile: values['calib-text'] ?? null, json: values.json ?? false, out: values.out ?? null };
}
