// What the setup view is composing: model, methods, sweep levels, tasks, calibration and device,
// turned into a validated sweep config for the runner.
import { create } from 'zustand';
import { MAX_PLANNED_POINTS } from './input-limits.ts';
import { BUILTIN_MODEL_ID, hubIdProblem } from './model-catalog.ts';
import { stripUrlCredentials } from './secrets.ts';
import { effectiveTaskData, methodKind, NM_PATTERNS, planPoints, sweepConfigSchema, TASK_IDS, type NmPattern, type PointSpec, type SweepConfig, type TaskData } from './sweep.ts';
import type { TaskId } from '../tasks/result.ts';

export type ParamValue = number | string | boolean | null;
export type TaskSize = number | 'full';
export type DeviceChoice = SweepConfig['device'];
export type KernelChoice = NonNullable<SweepConfig['kernels']> | 'auto';

export const PRUNE_METHODS = ['magnitude', 'wanda', 'sparsegpt'] as const;
export const QUANT_METHODS = ['rtn', 'gptq', 'awq', 'int8'] as const;
export const SPARSITY_CHOICES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;
export const BIT_CHOICES = [8, 6, 4, 3, 2] as const;

export interface CalibrationSetup {
  /** Built-in KICK-world biographies, C4 (from the hub or a local mirror), or pasted text. */
  source: 'builtin' | 'c4' | 'text';
  /** Pasted calibration text (used when source is 'text'). */
  text: string;
  samples: number;
  seqLen: number;
  mode: 'one-shot' | 'sequential';
}

export interface SetupState {
  modelId: string;
  revision: string;
  /** Methods (and prune+quantize combinations) in the sweep, in the order chosen. */
  methods: string[];
  /** Fixed parameters per method (group, sym, damp, schedule...). */
  params: Record<string, Record<string, ParamValue>>;
  sparsities: number[];
  patterns: NmPattern[];
  bits: number[];
  tasks: Partial<Record<TaskId, TaskSize>>;
  calibration: CalibrationSetup;
  device: DeviceChoice;
  kernels: KernelChoice;
  seed: number;
  /** An OpenAI-compatible judge for summarization and instruction following ('' = none). */
  judgeUrl: string;
  judgeModel: string;
  /** The tasks' data as chosen; null: the default for the model (effectiveTaskData). */
  taskData: TaskData | null;
  setModel(id: string): void;
  toggleMethod(id: string, on: boolean): void;
  setParam(method: string, key: string, value: ParamValue): void;
  toggleSparsity(s: number, on: boolean): void;
  togglePattern(p: NmPattern, on: boolean): void;
  toggleBits(b: number, on: boolean): void;
  setTask(task: TaskId, size: TaskSize | null): void;
  setCalibration(c: Partial<CalibrationSetup>): void;
  setDevice(d: DeviceChoice): void;
  setKernels(k: KernelChoice): void;
  setJudge(j: { url?: string; model?: string }): void;
  setTaskData(d: TaskData): void;
  /** Replaces the whole composition (a preset, or a config opened elsewhere). */
  load(config: SweepConfig): void;
}

function toggled<T>(list: readonly T[], item: T, on: boolean): T[] {
  const rest = list.filter((x) => x !== item);
  return on ? [...rest, item] : rest;
}

/** The paper's finding on kick-tiny: magnitude vs wanda at 0/30/50/70%, factoid, open-book ICR, perplexity. */
export function paperPresetConfig(samples = PAPER_PRESET_SAMPLES): SweepConfig {
  return {
    model: { id: BUILTIN_MODEL_ID, revision: 'main', dtype: 'fp32' },
    methods: [
      { id: 'magnitude', params: {} },
      { id: 'wanda', params: {} },
    ],
    sparsities: [0, 0.3, 0.5, 0.7],
    patterns: [],
    bits: [],
    tasks: [
      { task: 'factoid', size: samples },
      { task: 'icr_open', size: samples },
      { task: 'perplexity', size: samples },
    ],
    calibration: { dataset: 'kickworld-bio', samples: 8, seqLen: 128, seed: 0, mode: 'one-shot' },
    device: 'auto',
    seed: 1234,
    judge: null,
  };
}

/**
 * Examples per task in the preset: at 100 a 95% interval on an accuracy is about +-9 points (at 20
 * it is +-20), and the preset still ends in about two minutes on 2 CPU cores without a GPU.
 */
export const PAPER_PRESET_SAMPLES = 100;

const INITIAL = paperPresetConfig();

function stateOf(config: SweepConfig): SetupValues {
  const cal = config.calibration;
  return {
    modelId: config.model.id,
    revision: config.model.revision,
    methods: config.methods.map((m) => m.id),
    params: Object.fromEntries(config.methods.map((m) => [m.id, { ...m.params }])),
    sparsities: config.sparsities.filter((s) => s > 0),
    patterns: [...config.patterns],
    bits: [...config.bits],
    tasks: Object.fromEntries(config.tasks.map((t) => [t.task, t.size])),
    calibration: {
      source: cal?.dataset === 'pasted text' ? 'text' : cal?.dataset === 'c4' ? 'c4' : 'builtin',
      text: '',
      samples: cal?.samples ?? 8,
      seqLen: cal?.seqLen ?? 128,
      mode: cal?.mode ?? 'one-shot',
    },
    device: config.device,
    kernels: config.kernels ?? 'auto',
    seed: config.seed,
    judgeUrl: config.judge?.url ?? '',
    judgeModel: config.judge?.model ?? '',
    taskData: config.taskData ?? null,
  };
}

export const useSetup = create<SetupState>((set) => ({
  ...stateOf(INITIAL),
  setModel(modelId) {
    set({ modelId: modelId.trim(), revision: 'main' });
  },
  toggleMethod(id, on) {
    set((s) => ({ methods: toggled(s.methods, id, on), params: on && !s.params[id] ? { ...s.params, [id]: {} } : s.params }));
  },
  setParam(method, key, value) {
    set((s) => ({ params: { ...s.params, [method]: { ...(s.params[method] ?? {}), [key]: value } } }));
  },
  toggleSparsity(v, on) {
    set((s) => ({ sparsities: toggled(s.sparsities, v, on).sort((a, b) => a - b) }));
  },
  togglePattern(p, on) {
    set((s) => ({ patterns: NM_PATTERNS.filter((x) => (x === p ? on : s.patterns.includes(x))) }));
  },
  toggleBits(b, on) {
    set((s) => ({ bits: toggled(s.bits, b, on).sort((a, b2) => b2 - a) }));
  },
  setTask(task, size) {
    set((s) => {
      const tasks = { ...s.tasks };
      if (size === null) delete tasks[task];
      else tasks[task] = size;
      return { tasks };
    });
  },
  setCalibration(c) {
    set((s) => ({ calibration: { ...s.calibration, ...c } }));
  },
  setDevice(device) {
    set({ device });
  },
  setKernels(kernels) {
    set({ kernels });
  },
  setJudge({ url, model }) {
    set((s) => ({ judgeUrl: url ?? s.judgeUrl, judgeModel: model ?? s.judgeModel }));
  },
  setTaskData(taskData) {
    set({ taskData });
  },
  load(config) {
    set(stateOf(config));
  },
}));

export type SetupValues = Pick<SetupState, 'modelId' | 'revision' | 'methods' | 'params' | 'sparsities' | 'patterns' | 'bits' | 'tasks' | 'calibration' | 'device' | 'kernels' | 'seed' | 'judgeUrl' | 'judgeModel' | 'taskData'>;

export type SetupResult = { ok: true; config: SweepConfig; plan: PointSpec[]; calibrationText: string | null } | { ok: false; problems: string[] };

const NEEDS_CALIBRATION = new Set(['wanda', 'sparsegpt', 'gptq', 'awq', 'int8']);

function needsCalibration(methods: string[], params: SetupValues['params']): boolean {
  return methods.some((m) => m.split('+').some((part) => NEEDS_CALIBRATION.has(part)) || params[m]?.schedule === 'owl');
}

/** The sweep config the setup describes, or every reason it cannot run yet. */
export function sweepConfigOfSetup(s: SetupValues): SetupResult {
  const problems: string[] = [];
  const idProblem = hubIdProblem(s.modelId);
  if (idProblem) problems.push(`Model: ${idProblem}.`);
  if (s.methods.length === 0) problems.push('Methods: pick at least one method.');
  const kinds = s.methods.map(methodKind);
  const prunes = kinds.some((k) => k === 'prune' || k === 'combo');
  const quants = s.methods.some((m) => methodKind(m) === 'combo' || (methodKind(m) === 'quantize' && m !== 'int8'));
  if (prunes && s.sparsities.length === 0 && s.patterns.length === 0) problems.push('Sweep: a pruning method needs at least one sparsity or N:M pattern.');
  if (quants && s.bits.length === 0) problems.push('Sweep: a quantizer needs at least one bit width.');
  const taskList = TASK_IDS.filter((t) => s.tasks[t] !== undefined).map((t) => ({ task: t, size: s.tasks[t] as TaskSize }));
  if (taskList.length === 0) problems.push('Tasks: pick at least one task.');
  for (const t of taskList) if (t.size !== 'full' && (!Number.isInteger(t.size) || t.size < 1)) problems.push(`Tasks: the sample count of ${t.task} must be a whole number of at least 1.`);
  const judge = judgeOf(s);
  if (judge === 'invalid') problems.push('Judge: give the endpoint as an http(s) URL and the judge model by name, or leave both empty.');
  else if (judge === null && s.modelId !== 'kick-tiny' && (s.tasks.summarization !== undefined || s.tasks.instruction !== undefined))
    problems.push('Tasks: summarization and instruction following on a hub model need a judge: set an OpenAI-compatible endpoint under Judge.');
  const cal = s.calibration;
  const calibrate = needsCalibration(s.methods, s.params);
  if (calibrate && cal.source === 'text' && cal.text.trim().length < 200) problems.push('Calibration: paste at least 200 characters of text, or use the built-in text.');
  if (!Number.isInteger(cal.samples) || cal.samples < 1 || cal.samples > 1024) problems.push('Calibration: samples must be between 1 and 1024.');
  if (!Number.isInteger(cal.seqLen) || cal.seqLen < 8 || cal.seqLen > 8192) problems.push('Calibration: sequence length must be between 8 and 8192.');
  if (problems.length) return { ok: false, problems };
  const candidate = {
    model: { id: s.modelId, revision: s.revision || 'main', dtype: 'fp32' as const },
    methods: s.methods.map((id) => ({ id, params: cleanParams(s.params[id] ?? {}) })),
    sparsities: [0, ...s.sparsities],
    patterns: s.patterns,
    bits: s.bits,
    tasks: taskList,
    calibration: calibrate ? { dataset: { text: 'pasted text', c4: 'c4', builtin: 'kickworld-bio' }[cal.source], samples: cal.samples, seqLen: cal.seqLen, seed: 0, mode: cal.mode } : null,
    device: s.device,
    ...(s.kernels !== 'auto' ? { kernels: s.kernels } : {}),
    seed: s.seed,
    judge: judge === 'invalid' ? null : judge,
    ...(s.taskData ? { taskData: effectiveTaskData(s.modelId, s.taskData) } : {}),
  };
  const parsed = sweepConfigSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const plan = planPoints(parsed.data);
  if (plan.length > MAX_PLANNED_POINTS) return { ok: false, problems: [`Sweep: ${plan.length - 1} compressed points; the lab runs at most ${MAX_PLANNED_POINTS - 1} at a time.`] };
  return { ok: true, config: parsed.data, plan, calibrationText: calibrate && cal.source === 'text' ? cal.text : null };
}

/** The judge as the config keeps it: credentials typed into the URL never enter it (the judge editor says so). */
function judgeOf(s: SetupValues): { url: string; model: string } | null | 'invalid' {
  const url = stripUrlCredentials(s.judgeUrl).url;
  const model = s.judgeModel.trim();
  if (!url && !model) return null;
  if (!url || !model || !/^https?:\/\/[^\s]+$/.test(url)) return 'invalid';
  return { url, model };
}

function cleanParams(p: Record<string, ParamValue>): Record<string, ParamValue> {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null && v !== '' && !(typeof v === 'number' && !Number.isFinite(v))));
}

