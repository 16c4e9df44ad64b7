// The lab worker's typed protocol: what a run asks for, and the events it reports back.
import { z } from 'zod';
import { compressParamsSchema } from '../compress/params.ts';
import type { LayerReport } from '../model/compress/compress-model.ts';
import type { RunRecord } from '../tasks/record.ts';
import type { TaskId, TaskResult } from '../tasks/result.ts';

/** The largest batch a run may ask for. */
export const MAX_BATCH_SIZE = 256;

export const modelChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin'), id: z.literal('kick-tiny') }),
  z.object({ kind: z.literal('hub'), id: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'a hub id looks like owner/name'), revision: z.string().min(1).optional() }),
  z.object({ kind: z.literal('url'), baseUrl: z.string().min(1) }),
]);

export const compressionPointSchema = z.object({
  /** A method or combination: magnitude, wanda+rtn... */
  spec: z.string().min(1),
  params: compressParamsSchema,
  schedule: z.enum(['uniform', 'owl']).default('uniform'),
});

export const taskIdSchema = z.enum(['factoid', 'mcr', 'icr_closed', 'icr_open', 'summarization', 'instruction', 'perplexity']);

export const labRunConfigSchema = z.object({
  model: modelChoiceSchema,
  /** Where the model is evaluated; 'auto' picks WebGPU on a hardware adapter, else wasm. */
  device: z.enum(['auto', 'webgpu', 'wasm']).default('auto'),
  /** Where the compression kernels run; 'auto' is WebGPU on a hardware adapter, else the CPU twins. */
  kernels: z.enum(['auto', 'webgpu', 'cpu']).default('auto'),
  /**
   * Examples evaluated per batched pass; 1 is one at a time; null chooses from the model's size and
   * the device's memory (src/model/evaluate/batch-size.ts).
   */
  batchSize: z.number().int().min(1).max(MAX_BATCH_SIZE).nullable().default(null),
  /** Evaluate the dense model first (the baseline every drop is measured from). */
  dense: z.boolean().default(true),
  points: z.array(compressionPointSchema).max(64),
  includeLmHead: z.boolean().default(false),
  calibration: z
    .object({
      /** builtin: kick-tiny's own running text; c4: the C4 sample of LLM-KICK's pruning runs; text: pasted. */
      source: z.enum(['builtin', 'c4', 'text']).default('builtin'),
      text: z.string().optional(),
      nsamples: z.number().int().positive().max(1024).default(16),
      seqlen: z.number().int().positive().max(8192).default(128),
      seed: z.number().int().default(0),
      mode: z.enum(['one-shot', 'sequential']).default('one-shot'),
    })
    .default({ source: 'builtin', nsamples: 16, seqlen: 128, seed: 0, mode: 'one-shot' }),
  tasks: z.object({
    ids: z.array(taskIdSchema).min(1),
    /**
     * 'kickworld': the built-in suite made for kick-tiny (offline); 'kick': LLM-KICK's own data sets
     * (from where `data` says). Default: kickworld for kick-tiny, kick otherwise.
     */
    suite: z.enum(['kickworld', 'kick']).optional(),
    /**
     * Where LLM-KICK's data sets and the C4 calibration sample come from: the copy built into the
     * app (public/datasets, offline) or the Hugging Face datasets API (the only source of
     * TriviaQA's open-book evidence).
     */
    data: z.enum(['builtin', 'hub']).default('builtin'),
    /** Examples per task; null keeps the suite's laptop defaults. */
    limit: z.number().int().positive().nullable().default(null),
    /** Examples of each task named here, as asked for it (over `limit`); absent tasks follow `limit`. */
    sizes: z.partialRecord(taskIdSchema, z.number().int().positive()).default({}),
    seed: z.number().int().default(0),
  }),
  /**
   * An OpenAI-compatible judge for summarization and instruction following. The key stays in the
   * worker's memory: records and share links carry the URL and model only.
   */
  judge: z
    .object({ url: z.string().url(), model: z.string().min(1), apiKey: z.string().optional() })
    .nullable()
    .default(null),
});

export type CompressionPoint = z.infer<typeof compressionPointSchema>;
export type LabRunConfig = z.infer<typeof labRunConfigSchema>;
export type LabRunInput = z.input<typeof labRunConfigSchema>;

export type LabStage = 'download' | 'index' | 'data' | 'calibrate' | 'compress' | 'load' | 'evaluate';

export interface LabProgress {
  /** -1 for the dense baseline, else the index in config.points. */
  point: number;
  label: string;
  stage: LabStage;
  /** What is being worked on: a file, a layer, a task. */
  detail: string;
  /** Of the current stage, 0..100. */
  percent: number;
  /** Estimated milliseconds left in the current stage, null until it can be told. */
  etaMs: number | null;
}

export interface PointResult {
  point: number;
  label: string;
  spec: string | null;
  layers: LayerReport[];
  record: RunRecord;
  /** Every task's full result, per-example records included. */
  results: TaskResult[];
  failures: Array<{ task: TaskId; error: string }>;
}

export interface LabError {
  point: number;
  stage: LabStage;
  /** The layer or example where it happened, when known. */
  where: string | null;
  message: string;
  cancelled: boolean;
}

export type LabEvent =
  | { type: 'progress'; progress: LabProgress }
  | { type: 'point'; result: PointResult }
  | { type: 'error'; error: LabError };

export interface LabRunSummary {
  points: PointResult[];
  errors: LabError[];
  cancelled: boolean;
  device: string | null;
  totalMs: number;
  /** Where the dense weights were kept while points were compressed, and why; null before the model loaded. */
  denseWeights?: { storage: 'opfs' | 'memory'; reason: string } | null;
}
