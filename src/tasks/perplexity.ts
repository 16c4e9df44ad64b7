// WikiText-2 perplexity, the contrast metric: non-overlapping windows of the model's context. Each
// window is one outcome (its NLL and token count), so an interval can be resampled over windows.
import { perplexityOf, type WindowNll } from '../stats/bootstrap.ts';
import type { LanguageModel } from './language-model.ts';
import { checkpoint, emptySkips, now, type ExampleRecord, type RunControl, type TaskResult } from './result.ts';

export interface PerplexityOptions {
  /** Window in tokens; the model's context by default (2048 in the paper's tooling). */
  window?: number;
  /** Use only the first N characters (laptop runs); absent = the whole split. */
  maxChars?: number;
  /** Score only the first N windows (a quick run); absent = every full window. */
  maxWindows?: number;
  dataset?: string;
  control?: RunControl;
}

/** A window's example record: its NLL and tokens as scores, and its perplexity for the reader. */
function windowRecord(w: WindowNll, i: number): ExampleRecord {
  return { id: `window-${i}`, prompt: `window ${i + 1}`, output: '', scores: { nll: w.nll, tokens: w.tokens, perplexity: Math.exp(w.nll / w.tokens) } };
}

/** The windows an example list holds, in order (the inverse of windowRecord). */
export function windowsOf(examples: readonly ExampleRecord[]): WindowNll[] {
  return examples.flatMap((e) => (typeof e.scores.nll === 'number' && typeof e.scores.tokens === 'number' ? [{ nll: e.scores.nll, tokens: e.scores.tokens }] : []));
}

export async function runPerplexity(model: LanguageModel, text: string, opts: PerplexityOptions = {}): Promise<TaskResult> {
  const t0 = now();
  const window = opts.window ?? model.contextLength;
  const used = opts.maxChars !== undefined ? text.slice(0, opts.maxChars) : text;
  const skipped = emptySkips();
  let windows: WindowNll[] = [];
  let note: string | undefined;
  checkpoint(opts.control, 0, 1);
  if (!used.trim()) skipped.empty++;
  else if (!model.perplexityWindows) note = 'the model does not compute perplexity';
  else windows = await model.perplexityWindows(used, window, opts.maxWindows);
  checkpoint(opts.control, 1, 1);
  const value = windows.length ? perplexityOf(windows) : null;
  // No scoring bug is known here: both rules are the reference's (full windows, exp of mean NLL).
  const limits = `${opts.maxChars !== undefined ? `, first ${opts.maxChars} characters` : ''}${opts.maxWindows !== undefined ? `, at most ${opts.maxWindows} windows` : ''}`;
  const label = `exp(mean NLL), windows of ${window} tokens, stride = window${limits}`;
  return {
    task: 'perplexity',
    dataset: opts.dataset ?? 'wikitext2',
    kick: { rule: 'kick', label, value, count: windows.length },
    strict: { rule: 'strict', label: `${label} (same rule: no known bug)`, value, count: windows.length },
    metrics: { characters: used.length, window, windows: windows.length },
    groups: [],
    examples: note ? [{ id: 'wikitext2-test', prompt: `${used.length} characters`, output: '', scores: {}, notes: [note] }] : windows.map(windowRecord),
    skipped,
    truncated: 0,
    timingMs: now() - t0,
  };
}
