// ICR-QA on TriviaQA rc validation, closed book and open book (evidence in the prompt).
import type { TriviaRecord } from './datasets/schemas.ts';
import { truncateStartToFit } from './fit-prompt.ts';
import type { LanguageModel } from './language-model.ts';
import { forEachChunk, generateAll } from './batch.ts';
import { emptySkips, mean, now, type ExampleRecord, type RunControl, type TaskResult } from './result.ts';
import { codePointSlice, ICR_CONTEXT_CHARS, icrF1, icrKickEm, icrPrediction, icrPredictionSettled, icrPrompt, icrQuestionPart, icrStrictEm } from './scoring/icr.ts';

export const ICR_NEW_TOKENS = 32;

export interface IcrOptions {
  openBook: boolean;
  dataset?: string;
  control?: RunControl;
}

export async function runIcr(model: LanguageModel, examples: TriviaRecord[], opts: IcrOptions): Promise<TaskResult> {
  const t0 = now();
  const skipped = emptySkips();
  const records: ExampleRecord[] = [];
  const kickAll: number[] = [];
  const strictAll: number[] = [];
  const f1All: number[] = [];
  let truncated = 0;
  const limit = model.contextLength - ICR_NEW_TOKENS;
  await forEachChunk(model, examples, opts.control, async (chunk) => {
    const asked: { ex: TriviaRecord; golds: string[]; prompt: string; wasTruncated: boolean }[] = [];
    for (const ex of chunk) {
      const golds = ex.normalized_answers.length ? ex.normalized_answers : ex.answers;
      if (!ex.question.trim() || golds.length === 0) {
        skipped.empty++;
        continue;
      }
      const context = (ex.wiki_context ?? '') + (ex.search_context ?? '');
      if (opts.openBook && !context) {
        skipped.noContext++;
        continue;
      }
      let prompt = icrPrompt(ex.question, context, opts.openBook);
      let wasTruncated = false;
      if ((await model.countTokens(prompt)) > limit) {
        if (!opts.openBook) {
          skipped.oversized++;
          continue;
        }
        // The evidence is what can give way: cut it from the start, keep the question intact.
        const kept = await truncateStartToFit(model, codePointSlice(context, ICR_CONTEXT_CHARS), (c) => icrPrompt(ex.question, c, true), limit);
        if (kept === null) {
          skipped.oversized++;
          continue;
        }
        prompt = icrPrompt(ex.question, kept, true);
        wasTruncated = true;
        truncated++;
      }
      asked.push({ ex, golds, prompt, wasTruncated });
    }
    // The reading is the answer's first line: generation ends once that line is settled.
    const outputs = await generateAll(
      model,
      asked.map((a) => {
        const part = icrQuestionPart(a.ex.question, opts.openBook);
        return { prompt: a.prompt, opts: { maxNewTokens: ICR_NEW_TOKENS, greedy: true, settled: (text: string) => icrPredictionSettled(text, part) } };
      }),
    );
    for (const [k, { ex, golds, prompt, wasTruncated }] of asked.entries()) {
      const output = outputs[k];
      const prediction = icrPrediction(prompt + output, icrQuestionPart(ex.question, opts.openBook), output);
      const kick = icrKickEm(prediction, golds);
      const strict = icrStrictEm(prediction, golds);
      const f1 = icrF1(prediction, golds);
      kickAll.push(kick);
      strictAll.push(strict);
      f1All.push(f1);
      records.push({
        id: ex.id,
        prompt,
        output,
        targets: golds,
        scores: { kick, strict, f1 },
        notes: wasTruncated ? ['evidence truncated to fit the context'] : undefined,
      });
    }
  });
  return {
    task: opts.openBook ? 'icr_open' : 'icr_closed',
    dataset: opts.dataset ?? 'triviaqa',
    kick: {
      rule: 'kick',
      label: 'normalised gold within prediction or prediction within gold (empty prediction = 1); mean EM',
      value: mean(kickAll),
      count: kickAll.length,
    },
    strict: { rule: 'strict', label: 'normalised exact match; mean EM', value: mean(strictAll), count: strictAll.length },
    metrics: { f1: mean(f1All) },
    groups: [],
    examples: records,
    skipped,
    truncated,
    timingMs: now() - t0,
  };
}
