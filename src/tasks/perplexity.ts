// WikiText-2 perplexity, the contrast metric: non-overlapping windows of the model's context.
import type { LanguageModel } from './language-model.ts';
import { checkpoint, emptySkips, now, type RunControl, type TaskResult } from './result.ts';

export interface PerplexityOptions {
  /** Window in tokens; the model's context by default (2048 in the paper's tooling). */
  window?: number;
  /** Use only the first N characters (laptop runs); absent = the whole split. */
  maxChars?: number;
  dataset?: string;
  control?: RunControl;
}

export async function runPerplexity(model: LanguageModel, text: string, opts: PerplexityOptions = {}): Promise<TaskResult> {
  const t0 = now();
  const window = opts.window ?? model.contextLength;
  const used = opts.maxChars !== undefined ? text.slice(0, opts.maxChars) : text;
  const skipped = emptySkips();
  let value: number | null = null;
  let note: string | undefined;
  checkpoint(opts.control, 0, 1);
  if (!used.trim()) skipped.empty++;
  else if (!model.perplexity) note = 'the model does not compute perplexity';
  else value = await model.perplexity(used, window);
  checkpoint(opts.control, 1, 1);
  // No scoring bug is known here: both rules are the reference's (full windows, exp of mean NLL).
  const label = `exp(mean NLL), windows of ${window} tokens, stride = window${opts.maxChars !== undefined ? `, first ${opts.maxChars} characters` : ''}`;
  return {
    task: 'perplexity',
    dataset: opts.dataset ?? 'wikitext2',
    kick: { rule: 'kick', label, value, count: value === null ? 0 : 1 },
    strict: { rule: 'strict', label: `${label} (same rule: no known bug)`, value, count: value === null ? 0 : 1 },
    metrics: { characters: used.length, window },
    groups: [],
    examples: [{ id: 'wikitext2-test', prompt: `${used.length} characters`, output: '', scores: { perplexity: value }, notes: note ? [note] : undefined }],
    skipped,
    truncated: 0,
    timingMs: now() - t0,
  };
}
