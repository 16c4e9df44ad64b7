// A sweep: one model compressed by several methods at several levels, each point evaluated on the
// same tasks. Versioned and validated wherever it enters the app (history, share links, files).
import { z } from 'zod';
import { stepKind } from '../compress/method-kinds.ts';
import { BUILTIN_MODEL_ID } from './model-catalog.ts';
import { runRecordSchema } from '../tasks/record.ts';
import type { TaskId } from '../tasks/result.ts';
import { boundedMessage, checkSweepLimits, excerpt, InputLimitError, MAX_PLANNED_POINTS, pathText } from './input-limits.ts';

export const SWEEP_SCHEMA_ID = 'kick-lab/sweep';
export const SWEEP_VERSION = 1;

export const TASK_IDS = ['factoid', 'mcr', 'icr_closed', 'icr_open', 'summarization', 'instruction', 'perplexity'] as const satisfies readonly TaskId[];
const taskId = z.enum(TASK_IDS);
const finiteOrNull = z.number().finite().nullable();
const paramValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

export const NM_PATTERNS = ['1:2', '2:4', '4:8'] as const;
export type NmPattern = (typeof NM_PATTERNS)[number];

export type MethodKind = 'prune' | 'quantize' | 'combo';

/** A "prune+quantize" id is a combination; a single method is what the method table says (prune when unknown). */
export function methodKind(method: string): MethodKind {
  if (method.includes('+')) return 'combo';
  return stepKind(method) === 'quantize' ? 'quantize' : 'prune';
}

export const DENSE_METHOD = 'dense';

/**
 * Where the tasks' data comes from: KICK-world (made for kick-tiny), LLM-KICK's data sets as built
 * into the app (public/datasets, offline), or those from the Hugging Face hub.
 */
export const TASK_DATA = ['kickworld', 'builtin', 'hub'] as const;
export type TaskData = (typeof TASK_DATA)[number];

/** What a sweep without a choice uses: KICK-world on kick-tiny, the built-in LLM-KICK data sets otherwise. */
export function effectiveTaskData(modelId: string, chosen: TaskData | null | undefined): TaskData {
  const kickTiny = modelId === BUILTIN_MODEL_ID;
  if (chosen === 'kickworld' && !kickTiny) return 'builtin';
  return chosen ?? (kickTiny ? 'kickworld' : 'builtin');
}

const judgeConfig = z.object({ url: z.string().min(1), model: z.string().min(1) }).strict();

export const sweepConfigSchema = z
  .object({
    model: z.object({ id: z.string().min(1), revision: z.string().min(1), dtype: z.enum(['fp32', 'fp16', 'q8', 'q4', 'int8', 'uint8', 'bnb4', 'q4f16', 'bf16', 'auto']) }),
    /** Each method with the parameters it keeps fixed over the sweep (group size, damping...). */
    methods: z.array(z.object({ id: z.string().min(1).regex(/^[a-z0-9_]+(\+[a-z0-9_]+)?$/, 'method id is lowercase letters, digits, _ and at most one +'), params: z.record(z.string(), paramValue) })).min(1),
    /** Unstructured sparsities in [0, 1); 0 is the dense model, always evaluated once. */
    sparsities: z.array(z.number().min(0).lt(1)),
    patterns: z.array(z.enum(NM_PATTERNS)),
    bits: z.array(z.number().int().min(2).max(8)),
    tasks: z.array(z.object({ task: taskId, size: z.union([z.number().int().positive(), z.literal('full')]) })).min(1),
    calibration: z
      .object({ dataset: z.string().min(1), samples: z.number().int().positive(), seqLen: z.number().int().positive(), seed: z.number().int(), mode: z.enum(['one-shot', 'sequential']) })
      .nullable(),
    device: z.enum(['auto', 'webgpu', 'wasm']),
    /** Where the compression kernels run; absent: auto (WebGPU on a hardware adapter, else the CPU twins). */
    kernels: z.enum(['webgpu', 'cpu']).optional(),
    seed: z.number().int(),
    /** The judge endpoint (summarization, instruction), never its key. */
    judge: judgeConfig.nullable(),
    /** The tasks' data as chosen; absent (sweeps before the choice, or none made): effectiveTaskData's default. */
    taskData: z.enum(TASK_DATA).optional(),
  })
  .strict();

export type SweepConfig = z.infer<typeof sweepConfigSchema>;

/** What distinguishes one compressed point from another inside a sweep. */
export const pointSpecSchema = z
  .object({
    method: z.string().min(1),
    sparsity: z.number().min(0).lt(1).nullable(),
    pattern: z.enum(NM_PATTERNS).nullable(),
    bits: z.number().int().min(2).max(8).nullable(),
  })
  .strict();

export type PointSpec = z.infer<typeof pointSpecSchema>;

export const layerReportSchema = z
  .object({
    /** Module path, e.g. model.layers.0.self_attn.q_proj. */
    module: z.string().min(1),
    /** q, k, v, o, gate, up, down, c_attn, c_fc, c_proj... */
    role: z.string().min(1),
    /** Decoder block; null for lm_head. */
    layer: z.number().int().nonnegative().nullable(),
    /** [out, in] */
    shape: z.tuple([z.number().int().positive(), z.number().int().positive()]),
    sparsity: z.number().min(0).max(1),
    bits: z.number().int().min(1).max(32),
    /** ||W' - W|| / ||W||; null where it is not finite (an all-zero weight changed). */
    relErr: z.number().nonnegative().finite().nullable(),
    ms: z.number().nonnegative(),
  })
  .strict();

export type LayerReport = z.infer<typeof layerReportSchema>;

export const exampleSchema = z.object({
  id: z.string().min(1),
  group: z.string().optional(),
  prompt: z.string(),
  output: z.string(),
  targets: z.array(z.string()).optional(),
  scores: z.record(z.string(), finiteOrNull),
  notes: z.array(z.string()).optional(),
});

export const taskExamplesSchema = z.object({ task: taskId, examples: z.array(exampleSchema) });
export type TaskExamples = z.infer<typeof taskExamplesSchema>;

export const sweepPointSchema = z
  .object({
    key: z.string().min(1),
    spec: pointSpecSchema,
    record: runRecordSchema,
    layers: z.array(layerReportSchema),
    examples: z.array(taskExamplesSchema),
    finishedAt: z.iso.datetime(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.key !== pointKey(p.spec)) ctx.addIssue({ code: 'custom', path: ['key'], message: `point key "${excerpt(p.key)}" does not match its spec (${excerpt(pointKey(p.spec))})` });
    const expectedMethod = p.spec.method;
    if (p.record.method.id !== expectedMethod)
      ctx.addIssue({ code: 'custom', path: ['record', 'method', 'id'], message: `record method ${excerpt(p.record.method.id)} differs from the point's ${excerpt(expectedMethod)}` });
  });

export type SweepPoint = z.infer<typeof sweepPointSchema>;

export const SWEEP_STATUSES = ['running', 'finished', 'failed', 'cancelled'] as const;

export const sweepSchema = z
  .object({
    schema: z.literal(SWEEP_SCHEMA_ID),
    version: z.literal(SWEEP_VERSION),
    id: z.string().min(1).max(100),
    name: z.string().max(200),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    status: z.enum(SWEEP_STATUSES),
    error: z.string().nullable(),
    config: sweepConfigSchema,
    points: z.array(sweepPointSchema),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.points.forEach((p, i) => {
      if (seen.has(p.key)) ctx.addIssue({ code: 'custom', path: ['points', i, 'key'], message: `point ${excerpt(p.key)} appears twice` });
      seen.add(p.key);
    });
  });

export type Sweep = z.infer<typeof sweepSchema>;

export class SweepFormatError extends Error {
  constructor(message: string) {
    super(boundedMessage(message));
    this.name = 'SweepFormatError';
  }
}

/**
 * A sweep from outside the app's own setup (history, share link, file): its sizes checked before
 * anything else (input-limits.ts), then the schema, then the size of its plan, counted without
 * planning; repeated task entries are merged. Every failure is one short `SweepFormatError` line.
 */
export function validateSweep(value: unknown): Sweep {
  try {
    checkSweepLimits(value);
  } catch (e) {
    if (e instanceof InputLimitError) throw new SweepFormatError(`sweep refused: ${e.message}`);
    throw e;
  }
  const parsed = sweepSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SweepFormatError(`sweep is malformed at ${pathText(issue.path)}: ${issue.message}`);
  }
  const planned = plannedPointCount(parsed.data.config);
  if (planned > MAX_PLANNED_POINTS) throw new SweepFormatError(`sweep refused: it plans ${planned} points; the limit is ${MAX_PLANNED_POINTS}`);
  return { ...parsed.data, config: withUniqueTasks(parsed.data.config) };
}

/** The config with each task listed once (its first entry kept): a repeated task would be run and charted again. */
export function withUniqueTasks(config: SweepConfig): SweepConfig {
  const seen = new Set<string>();
  const tasks = config.tasks.filter((t) => !seen.has(t.task) && seen.add(t.task));
  return tasks.length === config.tasks.length ? config : { ...config, tasks };
}

/** The schedule a sweep runs a method with: OWL when its fixed parameters ask for it. */
export function methodSchedule(config: SweepConfig, method: string): 'uniform' | 'owl' {
  return config.methods.find((m) => m.id === method)?.params.schedule === 'owl' ? 'owl' : 'uniform';
}

export const DENSE_SPEC: PointSpec = { method: DENSE_METHOD, sparsity: null, pattern: null, bits: null };

/** A stable name for a point: the same spec always gives the same key. */
export function pointKey(spec: PointSpec): string {
  const parts = [spec.method];
  if (spec.sparsity !== null) parts.push(`s=${spec.sparsity}`);
  if (spec.pattern !== null) parts.push(`nm=${spec.pattern}`);
  if (spec.bits !== null) parts.push(`b=${spec.bits}`);
  return parts.join('|');
}

/**
 * Every point a config asks for, dense first: pruning methods at each non-zero sparsity and each
 * N:M pattern, quantizers at each bit width (int8 at 8 bits only), combinations at each pruning
 * level times each bit width.
 */
export function planPoints(config: SweepConfig): PointSpec[] {
  const plan: PointSpec[] = [DENSE_SPEC];
  const sparsities = [...new Set(config.sparsities.filter((s) => s > 0))].sort((a, b) => a - b);
  const bits = [...new Set(config.bits)].sort((a, b) => b - a);
  const pruneLevels: Array<Pick<PointSpec, 'sparsity' | 'pattern'>> = [
    ...sparsities.map((s) => ({ sparsity: s, pattern: null })),
    ...config.patterns.map((p) => ({ sparsity: null, pattern: p })),
  ];
  for (const m of config.methods) {
    const kind = methodKind(m.id);
    if (kind === 'prune') for (const l of pruneLevels) plan.push({ method: m.id, ...l, bits: null });
    else if (kind === 'quantize') {
      const widths = m.id === 'int8' ? [8] : bits;
      for (const b of widths) plan.push({ method: m.id, sparsity: null, pattern: null, bits: b });
    } else for (const l of pruneLevels) for (const b of bits) plan.push({ method: m.id, ...l, bits: b });
  }
  const seen = new Set<string>();
  return plan.filter((p) => {
    const k = pointKey(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * How many points `planPoints(config)` gives, counted from the distinct methods and levels without
 * listing them: a hostile config's plan can be far too long to build.
 */
export function plannedPointCount(config: SweepConfig): number {
  const sparsities = new Set(config.sparsities.filter((s) => s > 0)).size;
  const pruneLevels = sparsities + new Set(config.patterns).size;
  const bits = new Set(config.bits).size;
  let count = 1;
  for (const id of new Set(config.methods.map((m) => m.id))) {
    const kind = methodKind(id);
    if (kind === 'prune') count += pruneLevels;
    else if (kind === 'quantize') count += id === 'int8' ? 1 : bits;
    else count += pruneLevels * bits;
  }
  return count;
}

/** Planned points without a finished result, in plan order: where a resumed run starts. */
export function pendingPoints(sweep: Sweep): PointSpec[] {
  const done = new Set(sweep.points.map((p) => p.key));
  return planPoints(sweep.config).filter((p) => !done.has(pointKey(p)));
}

export function newSweepId(): string {
  return `sweep-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
