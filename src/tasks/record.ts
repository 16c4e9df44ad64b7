// The results record of one run: versioned, validated on the way in and out, exported as JSON or CSV.
// Version 2 adds each score's interval, the per-example outcomes it was computed from, perplexity's
// windows and, on compressed points, the paired drop from dense; version 1 records still open
// (migrated on read, their intervals unknown).
import { z } from 'zod';
import type { TaskResult } from './result.ts';

export const RECORD_SCHEMA_ID = 'kick-lab/run-record';
export const RECORD_VERSION = 2;

const taskId = z.enum(['factoid', 'mcr', 'icr_closed', 'icr_open', 'summarization', 'instruction', 'perplexity']);
const finiteOrNull = z.number().finite().nullable();

const interval = z.object({
  n: z.number().int().positive(),
  estimate: z.number().finite(),
  se: z.number().finite().nonnegative(),
  low: z.number().finite(),
  high: z.number().finite(),
  method: z.enum(['wilson', 'bootstrap', 'bootstrap-ratio']),
});

const score = z.object({
  rule: z.enum(['kick', 'strict']),
  label: z.string().min(1),
  value: finiteOrNull,
  count: z.number().int().nonnegative(),
  scale: z.enum(['judge', 'fraction']).optional(),
  divisor: z.number().int().positive().optional(),
  /** 95% interval of the value; null where nothing was scored or the record predates intervals. */
  interval: interval.nullable(),
});

/** One example's outcome, enough to recompute a score, its interval and a paired test. */
const outcome = z.object({
  id: z.string().min(1),
  /** SHA-256 of the prompt, hex: the same prompt at both points of a pair. */
  promptHash: z.string().regex(/^[0-9a-f]{64}$/),
  output: z.string(),
  targets: z.array(z.string()),
  kick: finiteOrNull,
  strict: finiteOrNull,
});

const windowNll = z.object({ nll: z.number().finite().nonnegative(), tokens: z.number().int().positive() });

const pairedDrop = z.object({
  n: z.number().int().positive(),
  drop: z.number().finite(),
  se: z.number().finite().nonnegative(),
  low: z.number().finite(),
  high: z.number().finite(),
  p: z.number().min(0).max(1),
  test: z.enum(['mcnemar-exact', 'sign-flip']),
  margin: z.object({ low: z.number().finite(), high: z.number().finite() }),
  verdict: z.enum(['matches', 'does-not-match', 'undecided']),
});

const groupScore = z.object({
  kind: z.enum(['subject', 'category', 'bucket', 'question_category']),
  name: z.string().min(1),
  kick: finiteOrNull,
  strict: finiteOrNull,
  count: z.number().int().nonnegative(),
});

const taskScores = z.object({
  task: taskId,
  dataset: z.string().min(1),
  kick: score.refine((s) => s.rule === 'kick', 'kick score must carry rule "kick"'),
  strict: score.refine((s) => s.rule === 'strict', 'strict score must carry rule "strict"'),
  metrics: z.record(z.string(), finiteOrNull),
  groups: z.array(groupScore),
  skipped: z.object({ empty: z.number().int().nonnegative(), oversized: z.number().int().nonnegative(), noContext: z.number().int().nonnegative() }),
  truncated: z.number().int().nonnegative(),
  timingMs: z.number().nonnegative(),
  /** Every scored example's outcome under both rules (empty where a shared link left them out). */
  outcomes: z.array(outcome),
  /** Perplexity only: each window's NLL and token count. */
  windows: z.array(windowNll).optional(),
  /** Compressed points: the paired drop from dense on the same examples, per rule. */
  drop: z.object({ kick: pairedDrop.nullable(), strict: pairedDrop.nullable() }).optional(),
});

const suiteEntry = z.object({
  task: taskId,
  dataset: z.string().min(1),
  /** Where the rows came from and which revision (hub dataset/config/split, folder, URL). */
  source: z.string().min(1),
  revision: z.string().min(1),
  size: z.union([z.number().int().nonnegative(), z.literal('full')]),
  seed: z.number().int(),
  idsHash: z.string().regex(/^[0-9a-f]{64}$/, 'idsHash must be 64 lowercase hex characters (SHA-256)'),
  count: z.number().int().nonnegative(),
  /**
   * Each file the data set was read from (built-in copy, folder, URL) and the SHA-256 of its
   * uncompressed bytes; absent for hub rows and in records written before it was kept.
   */
  files: z.array(z.object({ path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a file hash is 64 lowercase hex characters (SHA-256)') })).optional(),
});

const paramValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** A version 1 record in the current shape: no intervals, no outcomes. */
function migrateRecord(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const rec = value as { version?: unknown; scores?: unknown };
  if (rec.version !== 1 || !Array.isArray(rec.scores)) return value;
  const withInterval = (s: unknown) => (typeof s === 'object' && s !== null ? { ...s, interval: null } : s);
  return {
    ...rec,
    version: RECORD_VERSION,
    scores: rec.scores.map((t: unknown) =>
      typeof t === 'object' && t !== null ? { ...t, kick: withInterval((t as { kick?: unknown }).kick), strict: withInterval((t as { strict?: unknown }).strict), outcomes: [] } : t,
    ),
  };
}

const currentRecordSchema = z
  .object({
    schema: z.literal(RECORD_SCHEMA_ID),
    version: z.literal(RECORD_VERSION),
    createdAt: z.iso.datetime(),
    appVersion: z.string().min(1),
    // bf16 and auto (the checkpoint's own dtype) come from runs imported from lm-evaluation-harness.
    model: z.object({ id: z.string().min(1), revision: z.string().min(1), dtype: z.enum(['fp32', 'fp16', 'q8', 'q4', 'int8', 'uint8', 'bnb4', 'q4f16', 'bf16', 'auto']) }),
    device: z.object({
      /** external: evaluated outside the lab (see origin). */
      backend: z.enum(['webgpu', 'wasm', 'cpu', 'external']),
      adapter: z.string().optional(),
      fallbackAdapter: z.boolean().optional(),
      /** Examples evaluated together (1 = one at a time) and ONNX Runtime's wasm threads: speed only, never the scores. */
      batchSize: z.number().int().positive().optional(),
      threads: z.number().int().positive().optional(),
    }),
    method: z.object({ id: z.string().min(1), params: z.record(z.string(), paramValue) }),
    calibration: z
      .object({
        dataset: z.string().min(1),
        samples: z.number().int().positive(),
        seqLen: z.number().int().positive(),
        seed: z.number().int(),
        mode: z.enum(['one-shot', 'sequential']),
      })
      .nullable(),
    /** The judge endpoint, never its key. */
    judge: z.object({ url: z.string().min(1), model: z.string().min(1) }).strict().nullable(),
    suite: z.array(suiteEntry),
    scores: z.array(taskScores),
    perplexity: z.number().positive().finite().nullable(),
    timings: z.object({ totalMs: z.number().nonnegative(), compressMs: z.number().nonnegative().optional(), calibrateMs: z.number().nonnegative().optional() }),
    /** A point evaluated elsewhere and imported: the engine, its model backend, the machine and the files read. */
    origin: z
      .object({ engine: z.string().min(1), engineVersion: z.string().min(1), backend: z.string().min(1), where: z.string().min(1), files: z.array(z.string().min(1)).min(1) })
      .strict()
      .optional(),
  })
  .superRefine((rec, ctx) => {
    const suiteTasks = new Set(rec.suite.map((s) => s.task));
    rec.scores.forEach((s, i) => {
      if (!suiteTasks.has(s.task)) ctx.addIssue({ code: 'custom', path: ['scores', i, 'task'], message: `task ${s.task} has scores but no suite entry` });
    });
  });

export const runRecordSchema = z.preprocess(migrateRecord, currentRecordSchema);

export type RunRecord = z.infer<typeof currentRecordSchema>;
export type TaskScores = z.infer<typeof taskScores>;
export type Outcome = z.infer<typeof outcome>;
export type RecordedScore = z.infer<typeof score>;
export type RecordedDrop = z.infer<typeof pairedDrop>;
export type SuiteEntry = z.infer<typeof suiteEntry>;

export class RecordFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordFormatError';
  }
}

export function validateRecord(value: unknown): RunRecord {
  const parsed = runRecordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RecordFormatError(`run record is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function recordToJson(record: RunRecord): string {
  return JSON.stringify(validateRecord(record), null, 2);
}

export function recordFromJson(text: string): RunRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RecordFormatError('run record is not JSON');
  }
  return validateRecord(value);
}

export const CSV_COLUMNS = [
  'model_id', 'model_revision', 'dtype', 'backend', 'method', 'method_params', 'task', 'dataset', 'ids_hash',
  'level', 'group', 'kick', 'strict', 'count', 'kick_rule', 'strict_rule', 'app_version', 'record_version',
  'kick_se', 'kick_low', 'kick_high', 'strict_se', 'strict_low', 'strict_high',
  'kick_drop', 'kick_drop_low', 'kick_drop_high', 'kick_p', 'kick_verdict',
  'strict_drop', 'strict_drop_low', 'strict_drop_high', 'strict_p', 'strict_verdict',
] as const;

type Cell = string | number | null;

function intervalCells(s: RecordedScore): Cell[] {
  return s.interval ? [s.interval.se, s.interval.low, s.interval.high] : [null, null, null];
}

function dropCells(d: RecordedDrop | null | undefined): Cell[] {
  return d ? [d.drop, d.low, d.high, d.p, d.verdict] : [null, null, null, null, null];
}

function csvCell(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One row per task and per group (subject, category, bucket), RFC 4180 quoting; intervals and drops on task rows. */
export function recordToCsv(record: RunRecord): string {
  const rec = validateRecord(record);
  const hashOf = new Map(rec.suite.map((s) => [s.task, s.idsHash]));
  const base = [rec.model.id, rec.model.revision, rec.model.dtype, rec.device.backend, rec.method.id, JSON.stringify(rec.method.params)];
  const rows: Cell[][] = [[...CSV_COLUMNS]];
  const blank: Cell[] = Array(16).fill(null);
  for (const s of rec.scores) {
    const tail = [s.kick.label, s.strict.label, rec.appVersion, rec.version];
    const head = [...base, s.task, s.dataset, hashOf.get(s.task) ?? null];
    const stats = [...intervalCells(s.kick), ...intervalCells(s.strict), ...dropCells(s.drop?.kick), ...dropCells(s.drop?.strict)];
    rows.push([...head, 'task', '', s.kick.value, s.strict.value, s.kick.count, ...tail, ...stats]);
    for (const g of s.groups) rows.push([...head, g.kind, g.name, g.kick, g.strict, g.count, ...tail, ...blank]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Every example's record of every task, one JSON object per line (prompt, output, scores, notes). */
export function examplesToJsonl(results: TaskResult[]): string {
  const lines: string[] = [];
  for (const r of results) for (const e of r.examples) lines.push(JSON.stringify({ task: r.task, dataset: r.dataset, ...e }));
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Minimal RFC 4180 reader, for checking exports. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
