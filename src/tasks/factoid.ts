// Factoid-QA on FreebaseQA, zero-shot greedy generation.
import type { FreebaseRecord } from './datasets/schemas.ts';
import type { LanguageModel } from './language-model.ts';
import { forEachChunk, generateAll } from './batch.ts';
import { emptySkips, now, type ExampleRecord, type RunControl, type TaskResult } from './result.ts';
import { factoidKickAccuracy, factoidKickMatch, factoidSettled, factoidStrictAccuracy, factoidStrictMatch } from './scoring/factoid.ts';

export interface FactoidOptions {
  /** num_examples of the reference; the kick rule runs one more (its loop bug). */
  numExamples: number;
  /** '\n' as in llm-kick's main script, ' ' as in the paper and the GPTQ variant. */
  separator?: '\n' | ' ';
  dataset?: string;
  control?: RunControl;
}

export function factoidPrompt(question: string, separator: '\n' | ' ' = '\n'): string {
  return `Please give answer to this question: ${question}${separator}The answer is `;
}

/** `examples` in run order; at least numExamples + 1 of them for the kick loop when available. */
export async function runFactoid(model: LanguageModel, examples: FreebaseRecord[], opts: FactoidOptions): Promise<TaskResult> {
  const t0 = now();
  const skipped = emptySkips();
  const records: ExampleRecord[] = [];
  const kickHits: number[] = [];
  const strictHits: number[] = [];
  const runnable = examples.slice(0, opts.numExamples + 1);
  await forEachChunk(model, runnable, opts.control, async (chunk, start) => {
    const asked: { i: number; ex: FreebaseRecord; aliases: string[]; prompt: string; maxNewTokens: number }[] = [];
    for (const [j, ex] of chunk.entries()) {
      const aliases = ex.answers.filter((a) => a.trim().length > 0);
      if (!ex.question.trim() || aliases.length === 0) {
        skipped.empty++;
        continue;
      }
      const prompt = factoidPrompt(ex.question, opts.separator);
      const promptTokens = await model.countTokens(prompt);
      // max_length = 3 x prompt tokens, capped by what the context leaves.
      const maxNewTokens = Math.min(2 * promptTokens, model.contextLength - promptTokens);
      if (maxNewTokens < 1) {
        skipped.oversized++;
        continue;
      }
      asked.push({ i: start + j, ex, aliases, prompt, maxNewTokens });
    }
    // A hit cannot be undone by more text: generation ends at the first hit under both rules.
    const outputs = await generateAll(
      model,
      asked.map((a) => ({
        prompt: a.prompt,
        opts: { maxNewTokens: a.maxNewTokens, greedy: true, settled: (text: string) => factoidSettled(a.aliases, a.prompt, text) },
      })),
    );
    for (const [k, { i, ex, aliases, prompt }] of asked.entries()) {
      const output = outputs[k];
      const kick = factoidKickMatch(ex.answers, prompt + output);
      const strict = factoidStrictMatch(aliases, output);
      const extraStep = i >= opts.numExamples;
      kickHits.push(kick);
      if (!extraStep) strictHits.push(strict);
      records.push({
        id: ex.id,
        prompt,
        output,
        targets: aliases,
        scores: { kick, strict: extraStep ? null : strict },
        notes: extraStep ? ['extra loop step: counted by the kick rule only'] : undefined,
      });
    }
  });
  return {
    task: 'factoid',
    dataset: opts.dataset ?? 'freebaseqa',
    kick: {
      rule: 'kick',
      label: 'alias in lowercased prompt+output with spaces removed; num_examples+1 scored, divided by num_examples',
      value: opts.numExamples > 0 ? factoidKickAccuracy(kickHits, opts.numExamples) : null,
      count: kickHits.length,
      divisor: opts.numExamples,
    },
    strict: {
      rule: 'strict',
      label: 'alias in the generated continuation only; divided by the questions scored',
      value: strictHits.length ? factoidStrictAccuracy(strictHits, opts.numExamples) : null,
      count: strictHits.length,
    },
    metrics: {},
    groups: [],
    examples: records,
    skipped,
    truncated: 0,
    timingMs: now() - t0,
  };
}
