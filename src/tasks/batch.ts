// The tasks walk their examples in chunks of the model's batch size: one batched call per chunk,
// progress and cancellation between chunks. At batch size 1, or with a model that has no batched
// methods, every call is the one-at-a-time generate / score, in the order the tasks always used.
import type { GenerateRequest, LanguageModel, ScoreRequest, ScoreResult } from './language-model.ts';
import { checkpoint, type RunControl } from './result.ts';

export function taskBatchSize(model: LanguageModel): number {
  const size = model.batchSize ?? 1;
  return Number.isFinite(size) && size >= 1 ? Math.floor(size) : 1;
}

/**
 * Calls `run` on consecutive chunks of `items` (with the index of each chunk's first item), with a
 * checkpoint before each: at batch size 1 the same progress and cancellation points as a plain loop.
 */
export async function forEachChunk<T>(
  model: LanguageModel,
  items: readonly T[],
  control: RunControl | undefined,
  run: (chunk: T[], start: number) => Promise<void>,
): Promise<void> {
  const size = taskBatchSize(model);
  for (let start = 0; start < items.length; start += size) {
    checkpoint(control, start, items.length);
    await run(items.slice(start, start + size), start);
  }
  checkpoint(control, items.length, items.length);
}

const batched = (model: LanguageModel) => taskBatchSize(model) > 1;

export async function generateAll(model: LanguageModel, requests: GenerateRequest[]): Promise<string[]> {
  if (requests.length === 0) return [];
  if (model.generateBatch && batched(model)) return model.generateBatch(requests);
  const out: string[] = [];
  for (const r of requests) out.push(await model.generate(r.prompt, r.opts));
  return out;
}

/** One at a time, the greedy token first and then the scores (the order MCR has always used). */
export async function scoreAll(model: LanguageModel, requests: ScoreRequest[]): Promise<ScoreResult[]> {
  if (requests.length === 0) return [];
  if (model.scoreBatch && batched(model)) return model.scoreBatch(requests);
  const out: ScoreResult[] = [];
  for (const r of requests) {
    const greedyNext = r.greedyNext ? await model.generate(r.context, { maxNewTokens: 1, greedy: true }) : undefined;
    const logLikelihoods = await model.score(r.context, r.continuations);
    out.push(greedyNext === undefined ? { logLikelihoods } : { logLikelihoods, greedyNext });
  }
  return out;
}
