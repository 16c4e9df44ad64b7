// The options of `npm run kick`, the headless lab runner, and their reading into a lab run
// configuration. Pure, so that every rejection is tested without a browser.
import { MAX_BATCH_SIZE, taskIdSchema, type LabRunInput } from '../../src/worker/lab-protocol.ts';
import { definedOnly, METHOD_OPTIONS, sharedMethodParams } from './method-options.ts';
import { integer, listOf, listOption, oneOf, text } from './option-values.ts';
import { CliInputError, flag, option, parseCommand, type CommandSpec, type OptionTable, type OptionValues, type ReadValue } from './parse-cli.ts';

const TASKS = taskIdSchema.options;
type TaskId = (typeof TASKS)[number];

export interface KickCli {
  config: LabRunInput;
  /** File holding calibration text, read by the caller. */
  calibTextFile: string | null;
  json: boolean;
  out: string | null;
  /** Write the sweep as a cluster folder here instead of running it. */
  exportDir: string | null;
  /** --generate: print greedy continuations of this prompt instead of running tasks. */
  generate: { prompt: string; maxNewTokens: number } | null;
}

const MAX_NEW_TOKENS = 1024;
const DEFAULT_NEW_TOKENS = 32;
/** Options that only shape the task evaluation, which --generate does not run. */
const TASK_ONLY_OPTIONS = ['tasks', 'limit', 'suite', 'no-dense', 'batch'] as const;

const model: ReadValue<LabRunInput['model']> = (value, name) => {
  if (value === 'kick-tiny') return { kind: 'builtin', id: 'kick-tiny' };
  if (/^(https?:)?\//.test(value)) return { kind: 'url', baseUrl: value.endsWith('/') ? value : `${value}/` };
  const [id, revision] = value.split('@');
  if (!/^[\w.-]+\/[\w.-]+$/.test(id)) {
    throw new CliInputError(`--${name} must be kick-tiny, a Hugging Face id such as HuggingFaceTB/SmolLM2-135M-Instruct, or a URL; got "${value}"`);
  }
  return { kind: 'hub', id, ...(revision ? { revision } : {}) };
};

const batchSize: ReadValue<number | null> = (value, name) => {
  if (value === 'auto') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_BATCH_SIZE) throw new CliInputError(`--${name} must be "auto" or an integer from 1 to ${MAX_BATCH_SIZE}, got "${value}"`);
  return n;
};

const taskList = listOf<TaskId | 'all'>((value) => {
  if (value !== 'all' && !(TASKS as readonly string[]).includes(value)) throw new CliInputError(`unknown task "${value}" in --tasks; tasks: ${TASKS.join(', ')}`);
  return value as TaskId | 'all';
});
const tasks: ReadValue<TaskId[]> = (value, name) => {
  const listed = taskList(value, name);
  return listed.includes('all') ? [...TASKS] : (listed as TaskId[]);
};

export const KICK_COMMAND = {
  command: 'npm run kick --',
  options: {
    model: option({ value: 'kick-tiny|OWNER/NAME|URL', help: 'the built-in kick-tiny, a Hugging Face id (owner/name[@revision]), or the URL of a folder in the Hugging Face layout', read: model, required: true }),
    tasks: option({ value: 'LIST', help: 'comma-separated tasks, or "all" (required unless --generate)', read: tasks }),
    ...METHOD_OPTIONS,
    method: option({ value: 'ID|dense', help: `${METHOD_OPTIONS.method.help}; dense evaluates the dense model only (required unless --generate)`, read: text }),
    // A sweep: one point per sparsity, N:M pattern and bit width listed.
    sparsity: listOption(METHOD_OPTIONS.sparsity),
    pattern: listOption(METHOD_OPTIONS.pattern),
    bits: listOption(METHOD_OPTIONS.bits),
    schedule: option({ value: 'uniform|owl', help: 'sparsity per layer: the same everywhere, or OWL (outlier-weighted)', read: oneOf(['uniform', 'owl'] as const), default: 'uniform' }),
    device: option({ value: 'auto|wasm|webgpu', help: 'where the model is evaluated; auto is WebGPU on a hardware adapter, else wasm', read: oneOf(['auto', 'wasm', 'webgpu'] as const), default: 'auto' }),
    kernels: option({ value: 'auto|webgpu|cpu', help: 'where the compression kernels run; auto is WebGPU on a hardware adapter, else the CPU twins (faster than an emulated adapter)', read: oneOf(['auto', 'webgpu', 'cpu'] as const), default: 'auto' }),
    batch: option({ value: 'N|auto', help: 'examples evaluated per batched pass: 1 is one at a time; auto chooses from the model size and the device memory', read: batchSize, default: null }),
    limit: option({ value: 'N', help: "examples per task (default: the suite's laptop sizes)", read: integer }),
    seed: option({ value: 'N', help: 'seed of the calibration windows and of the examples drawn', read: integer, default: 0 }),
    'no-dense': flag('skip the dense baseline'),
    'calib-samples': option({ value: 'N', help: 'calibration sequences', read: integer, default: 16 }),
    'calib-seqlen': option({ value: 'L', help: 'tokens per calibration sequence', read: integer, default: 128 }),
    'calib-mode': option({ value: 'one-shot|sequential', help: "one-shot: every layer is calibrated on the dense model's activations; sequential: on those of the layers compressed before it", read: oneOf(['one-shot', 'sequential'] as const), default: 'one-shot' }),
    'calib-source': option({ value: 'builtin|c4', help: "calibration text: kick-tiny's built-in biographies, or the C4 sample LLM-KICK's pruning runs calibrate on (from where --data says)", read: oneOf(['builtin', 'c4'] as const), default: 'builtin' }),
    'calib-text': option({ value: 'FILE', help: 'calibrate on the text of this file instead of the built-in text', read: text }),
    suite: option({ value: 'kickworld|kick', help: "task data: kickworld (built in, for kick-tiny) or LLM-KICK's own data sets (default: kickworld for kick-tiny, kick otherwise)", read: oneOf(['kickworld', 'kick'] as const) }),
    data: option({ value: 'builtin|hub', help: "where LLM-KICK's data sets and the C4 calibration sample come from: the copy built into the app (public/datasets, offline) or the Hugging Face datasets API (needed for TriviaQA's open-book evidence)", read: oneOf(['builtin', 'hub'] as const), default: 'builtin' }),
    json: flag('print the results as one line of JSON'),
    out: option({ value: 'FILE', help: 'also write the results to this file', read: text }),
    export: option({ value: 'DIR', help: 'write the sweep as a folder a GPU cluster runs (llm-compressor recipes, lm-evaluation-harness tasks, run.sh, README) instead of running it; --limit becomes lm_eval --limit', read: text }),
    generate: option({ value: 'PROMPT', help: 'print the greedy continuation of PROMPT with its token ids, from the dense model and, with --method, the compressed one; runs no tasks', read: text }),
    'max-new': option({ value: 'N', help: `tokens --generate adds, 1..${MAX_NEW_TOKENS} (default ${DEFAULT_NEW_TOKENS})`, read: integer }),
  },
  notes: [`tasks: ${TASKS.join(', ')} (or "all")`],
} satisfies CommandSpec<OptionTable>;

export function parseKickArgs(argv: string[]): KickCli | 'help' {
  const values = parseCommand(KICK_COMMAND, argv);
  if (values === 'help') return 'help';
  const generate = generateRequest(values);
  if (!generate && !values.tasks) throw new CliInputError('--tasks is required (or --generate PROMPT to print continuations)');
  const method = values.method ?? (generate ? 'dense' : undefined);
  if (method === undefined) throw new CliInputError('--method is required (dense for the dense model only)');
  const shared = sharedMethodParams(values);
  const sparsities = values.sparsity ?? [undefined];
  const patterns = values.pattern ?? [undefined];
  const bits = values.bits ?? [undefined];
  // An N:M pattern fixes the sparsity, so it is not crossed with the sparsities listed.
  if (method === 'dense') {
    const given = (['sparsity', 'pattern', 'bits', 'group', 'sym', 'act-order', 'damp', 'blocksize', 'clip', 'no-clip', 'threshold'] as const).filter((name) => values[name] !== undefined && values[name] !== false);
    if (given.length > 0) throw new CliInputError(`${given.map((n) => `--${n}`).join(', ')} ${given.length === 1 ? 'needs' : 'need'} a compression --method; the dense model takes no method parameters`);
  }
  const points =
    method === 'dense'
      ? []
      : patterns.flatMap((pattern) =>
          (pattern && pattern !== 'unstructured' ? [undefined] : sparsities).flatMap((sparsity) =>
            bits.map((b) => ({ spec: method, schedule: values.schedule, params: definedOnly({ ...shared, sparsity, pattern, bits: b }) })),
          ),
        );
  const config: LabRunInput = {
    model: values.model,
    device: values.device,
    kernels: values.kernels,
    batchSize: values.batch,
    dense: !values['no-dense'],
    points,
    calibration: {
      source: values['calib-text'] ? 'text' : values['calib-source'],
      nsamples: values['calib-samples'],
      seqlen: values['calib-seqlen'],
      seed: values.seed,
      mode: values['calib-mode'],
    },
    tasks: { ids: values.tasks ?? [], suite: values.suite, data: values.data, limit: values.limit ?? null, seed: values.seed },
  };
  if (generate && points.length > 1) {
    throw new CliInputError(`--generate compresses one point, and these options make ${points.length}; give one value each of --sparsity, --pattern and --bits`);
  }
  if (generate && values.export !== undefined) throw new CliInputError('--generate runs no sweep, so --export has nothing to write; drop one of them');
  return { config, calibTextFile: values['calib-text'] ?? null, json: values.json, out: values.out ?? null, exportDir: values.export ?? null, generate };
}

function generateRequest(values: OptionValues<typeof KICK_COMMAND.options>): KickCli['generate'] {
  if (values.generate === undefined) {
    if (values['max-new'] !== undefined) throw new CliInputError('--max-new goes with --generate PROMPT');
    return null;
  }
  if (values.generate.trim() === '') throw new CliInputError('--generate needs a prompt that is not empty');
  const taskOnly = TASK_ONLY_OPTIONS.filter((name) => values[name] !== undefined && values[name] !== false && values[name] !== null);
  if (taskOnly.length > 0) throw new CliInputError(`--generate runs no tasks, so ${taskOnly.map((n) => `--${n}`).join(', ')} ${taskOnly.length === 1 ? 'has' : 'have'} nothing to do; drop ${taskOnly.length === 1 ? 'it' : 'them'}`);
  const maxNewTokens = values['max-new'] ?? DEFAULT_NEW_TOKENS;
  if (maxNewTokens < 1 || maxNewTokens > MAX_NEW_TOKENS) throw new CliInputError(`--max-new must be from 1 to ${MAX_NEW_TOKENS}, got ${maxNewTokens}`);
  return { prompt: values.generate, maxNewTokens };
}
