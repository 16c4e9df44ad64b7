// Free-form generation shared by summarization and instruction following.
import { generateAll } from './batch.ts';
import type { GenerateRequest, LanguageModel } from './language-model.ts';
import type { SkipCounts } from './result.ts';

export interface GenerationSettings {
  /** Reference: 1024 new tokens; always capped to what the context leaves. */
  maxNewTokens?: number;
  /** Greedy by default (reproducible); the reference samples at 0.7. */
  sampling?: { temperature: number; seed: number };
  /** Fewer free tokens than this after the prompt: the example is skipped as oversized. */
  minNewTokens?: number;
}

/** The request for a free-form answer, or null when the context leaves fewer than minNewTokens. */
export async function freeRequest(model: LanguageModel, prompt: string, s: GenerationSettings): Promise<GenerateRequest | null> {
  const promptTokens = await model.countTokens(prompt);
  const room = model.contextLength - promptTokens;
  const maxNewTokens = Math.min(s.maxNewTokens ?? 1024, room);
  if (maxNewTokens < (s.minNewTokens ?? 16)) return null;
  return {
    prompt,
    opts: s.sampling ? { maxNewTokens, greedy: false, temperature: s.sampling.temperature, seed: s.sampling.seed } : { maxNewTokens, greedy: true },
  };
}

/**
 * Free-form answers for one chunk. `ask` gives an item's prompt and what its scorer keeps, or null
 * when the item has nothing to ask (counted as empty); a prompt that leaves the context too little
 * room is counted as oversized. The rest are generated together and come back in order, each
 * answer stripped as the reference strips the decoded answer before judging it.
 */
export async function freeAnswers<T, K>(
  model: LanguageModel,
  chunk: readonly T[],
  settings: GenerationSettings,
  skipped: SkipCounts,
  ask: (item: T) => { prompt: string; keep: K } | null,
): Promise<Array<{ item: T; keep: K; prompt: string; output: string }>> {
  const asked: Array<{ item: T; keep: K; request: GenerateRequest }> = [];
  for (const item of chunk) {
    const question = ask(item);
    if (question === null) {
      skipped.empty++;
      continue;
    }
    const request = await freeRequest(model, question.prompt, settings);
    if (request === null) {
      skipped.oversized++;
      continue;
    }
    asked.push({ item, keep: question.keep, request });
  }
  const outputs = await generateAll(model, asked.map((a) => a.request));
  return asked.map(({ item, keep, request }, k) => ({ item, keep, prompt: request.prompt, output: outputs[k].trim() }));
}
