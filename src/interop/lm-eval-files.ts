// Reading lm-evaluation-harness output: results_<date>.json (aggregate scores, configs, the run's
// settings) and samples_<task>_<date>.jsonl (one line per document with the request and response).
// Only what the import uses is required; everything else passes through.
import { z } from 'zod';

const metricValue = z.union([z.number(), z.string(), z.null()]);

export const lmEvalResultsSchema = z
  .object({
    results: z.record(z.string(), z.record(z.string(), metricValue)),
    groups: z.record(z.string(), z.record(z.string(), metricValue)).optional(),
    group_subtasks: z.record(z.string(), z.array(z.string())).optional(),
    configs: z.record(z.string(), z.looseObject({})).optional(),
    versions: z.record(z.string(), z.union([z.number(), z.string(), z.null()])).optional(),
    'n-samples': z.record(z.string(), z.object({ original: z.number().int(), effective: z.number().int() })).optional(),
    config: z.looseObject({
      model: z.string().min(1),
      model_args: z.union([z.string(), z.record(z.string(), z.unknown()), z.null()]).optional(),
      model_dtype: z.string().nullable().optional(),
      model_revision: z.string().nullable().optional(),
      model_sha: z.string().nullable().optional(),
      limit: z.number().nullable().optional(),
      random_seed: z.number().int().nullable().optional(),
    }),
    lm_eval_version: z.string().optional(),
    model_name: z.string().optional(),
    date: z.number().optional(),
    pretty_env_info: z.string().optional(),
    total_evaluation_time_seconds: z.union([z.string(), z.number()]).optional(),
    task_hashes: z.record(z.string(), z.string()).optional(),
  })
  .loose();

export type LmEvalResults = z.infer<typeof lmEvalResultsSchema>;

export const lmEvalSampleSchema = z
  .object({
    doc_id: z.number().int().nonnegative(),
    doc: z.record(z.string(), z.unknown()),
    target: z.unknown(),
    arguments: z.unknown(),
    resps: z.unknown(),
    filtered_resps: z.array(z.unknown()),
    filter: z.string(),
    metrics: z.array(z.string()),
    doc_hash: z.string().optional(),
    prompt_hash: z.string().optional(),
    target_hash: z.string().optional(),
  })
  .loose();

export type LmEvalSample = z.infer<typeof lmEvalSampleSchema>;

export class LmEvalImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LmEvalImportError';
  }
}

/** The timestamp lm-eval puts in both file names of one run: 2026-01-21T03-44-18.458309. */
const STAMP = String.raw`\d{4}-\d{2}-\d{2}T[\d.:-]+`;
const RESULTS_NAME = new RegExp(`^results_(${STAMP})\\.json$`);
const SAMPLES_NAME = new RegExp(`^samples_(.+)_(${STAMP})\\.jsonl$`);

export type LmEvalFile =
  | { kind: 'results'; name: string; stamp: string | null; results: LmEvalResults }
  | { kind: 'samples'; name: string; stamp: string; task: string; samples: LmEvalSample[] };

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Reads one file by its name: samples_<task>_<stamp>.jsonl, or a results JSON (results_<stamp>.json,
 * or any .json that has lm-eval's results and config). Every failure names the file and the line.
 */
export function readLmEvalFile(path: string, text: string): LmEvalFile {
  const name = baseName(path);
  const samples = SAMPLES_NAME.exec(name);
  if (samples) {
    const lines = text.split('\n').filter((l) => l.trim());
    const parsed = lines.map((line, i) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new LmEvalImportError(`${name}: line ${i + 1} is not JSON`);
      }
      const checked = lmEvalSampleSchema.safeParse(value);
      if (!checked.success) throw new LmEvalImportError(`${name}: line ${i + 1} is not an lm-eval sample (${checked.error.issues[0].path.join('.') || 'line'}: ${checked.error.issues[0].message})`);
      return checked.data;
    });
    return { kind: 'samples', name, stamp: samples[2], task: samples[1], samples: parsed };
  }
  if (!name.endsWith('.json')) throw new LmEvalImportError(`${name}: not an lm-eval file (results_<date>.json or samples_<task>_<date>.jsonl)`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LmEvalImportError(`${name}: not JSON`);
  }
  const checked = lmEvalResultsSchema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new LmEvalImportError(`${name}: not an lm-eval results file (${issue.path.join('.') || '(root)'}: ${issue.message})`);
  }
  return { kind: 'results', name, stamp: RESULTS_NAME.exec(name)?.[1] ?? null, results: checked.data };
}

/** model_args as key/value pairs ("pretrained=x,dtype=auto" or an object). */
export function modelArgs(results: LmEvalResults): Record<string, string> {
  const args = results.config.model_args;
  if (!args) return {};
  if (typeof args !== 'string') return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)]));
  return Object.fromEntries(
    args
      .split(',')
      .map((part) => part.split('='))
      .filter((kv) => kv.length >= 2 && kv[0])
      .map(([k, ...v]) => [k.trim(), v.join('=').trim()]),
  );
}

/** A metric of a task or group in the results ("acc,none"), as a number, or null. */
export function metricOf(results: LmEvalResults, task: string, metric: string): number | null {
  const v = results.results[task]?.[metric] ?? results.groups?.[task]?.[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Where the run was: the GPUs of pretty_env_info ("8 x NVIDIA A100-SXM4-80GB"), or the line as written. */
export function whereItRan(results: LmEvalResults): string {
  const info = results.pretty_env_info ?? '';
  const gpus = [...info.matchAll(/GPU \d+: ([^\n]+)/g)].map((m) => m[1].trim());
  if (gpus.length) return gpus.every((g) => g === gpus[0]) ? `${gpus.length} x ${gpus[0]}` : gpus.join('; ');
  const line = /GPU models and configuration:\s*([^\n]*)/.exec(info)?.[1]?.trim();
  return line && line !== 'Could not collect' ? line : 'unknown machine';
}
