// MCR-QA on MMLU: k-shot prompts from the subject's dev rows, kick (one greedy token) and strict
// (log-likelihood of ' A'..' D') answers, micro-averaged and per subject / category.
import type { McrItem, MmluRecord } from './datasets/schemas.ts';
import { MMLU_SUBJECT_CATEGORY } from './datasets/mmlu-categories.ts';
import { truncateStartToFit } from './fit-prompt.ts';
import type { LanguageModel } from './language-model.ts';
import { forEachChunk, scoreAll } from './batch.ts';
import { emptySkips, mean, now, type ExampleRecord, type GroupScore, type RunControl, type TaskResult } from './result.ts';
import { CHOICE_LETTERS, mcrKickPrediction, mcrStrictPrediction, mmluPrompt, pandasCell } from './scoring/mcr.ts';

export interface McrOptions {
  /** --ntrain of the reference (5). */
  shots?: number;
  /** Keep missing-value strings such as "None" as written, instead of pandas' "nan". */
  literalCells?: boolean;
  /** Example ids parallel to `test` (the sampler's); position in `test` otherwise. */
  ids?: string[];
  dataset?: string;
  control?: RunControl;
}

interface Built {
  prompt: string;
  k: number;
  truncated: boolean;
}

/**
 * The reference lowers k while the prompt exceeds the context. It stops at k = 0 here (the reference
 * would wrap to k = -1, i.e. every dev row); a prompt still too long is then cut from the start.
 * One token of room is kept for the generated answer letter.
 */
export async function buildMcrPrompt(
  model: LanguageModel,
  test: MmluRecord,
  shots: MmluRecord[],
  k0: number,
  cell: (text: string) => string = pandasCell,
): Promise<Built | null> {
  const limit = model.contextLength - 1;
  let k = Math.min(k0, shots.length);
  let prompt = mmluPrompt(test.subject, shots, k, test, cell);
  while ((await model.countTokens(prompt)) > limit && k > 0) {
    k--;
    prompt = mmluPrompt(test.subject, shots, k, test, cell);
  }
  if ((await model.countTokens(prompt)) <= limit) return { prompt, k, truncated: false };
  const cut = await truncateStartToFit(model, prompt, (s) => s, limit);
  return cut === null ? null : { prompt: cut, k, truncated: true };
}

/** A finished prompt: it fits as it is, or it is cut from the start. */
async function fitGivenPrompt(model: LanguageModel, prompt: string): Promise<Built | null> {
  const limit = model.contextLength - 1;
  if ((await model.countTokens(prompt)) <= limit) return { prompt, k: 0, truncated: false };
  const cut = await truncateStartToFit(model, prompt, (s) => s, limit);
  return cut === null ? null : { prompt: cut, k: 0, truncated: true };
}

export async function runMcr(model: LanguageModel, test: McrItem[], dev: MmluRecord[], opts: McrOptions = {}): Promise<TaskResult> {
  const t0 = now();
  const k0 = opts.shots ?? 5;
  const skipped = emptySkips();
  const records: ExampleRecord[] = [];
  let truncated = 0;
  const devBySubject = new Map<string, MmluRecord[]>();
  for (const row of dev) {
    const list = devBySubject.get(row.subject) ?? [];
    list.push(row);
    devBySubject.set(row.subject, list);
  }
  const bySubject = new Map<string, { kick: number[]; strict: number[] }>();
  const kickAll: number[] = [];
  const strictAll: number[] = [];
  await forEachChunk(model, test, opts.control, async (chunk, start) => {
    const asked: { n: number; q: McrItem; shots: MmluRecord[]; built: Built }[] = [];
    for (const [j, q] of chunk.entries()) {
      if (!q.question.trim()) {
        skipped.empty++;
        continue;
      }
      const shots = (devBySubject.get(q.subject) ?? []).slice(0, k0);
      const built = q.prompt !== undefined ? await fitGivenPrompt(model, q.prompt) : await buildMcrPrompt(model, q, shots, k0, opts.literalCells ? (t) => t : pandasCell);
      if (!built) {
        skipped.oversized++;
        continue;
      }
      if (built.truncated) truncated++;
      asked.push({ n: start + j, q, shots, built });
    }
    // The kick answer (one greedy token) and the strict one (the letters' log-likelihoods) from one call.
    const answers = await scoreAll(
      model,
      asked.map((a) => ({ context: a.built.prompt, continuations: CHOICE_LETTERS.map((l) => ` ${l}`), greedyNext: true })),
    );
    for (const [k, { n, q, shots, built }] of asked.entries()) {
      const continuation = answers[k].greedyNext ?? '';
      const lls = answers[k].logLikelihoods;
      const kickPred = mcrKickPrediction(built.prompt, continuation);
      const strictPred = mcrStrictPrediction(lls);
      const kick = kickPred === q.answer ? 1 : 0;
      const strict = strictPred === q.answer ? 1 : 0;
      kickAll.push(kick);
      strictAll.push(strict);
      const s = bySubject.get(q.subject) ?? { kick: [], strict: [] };
      s.kick.push(kick);
      s.strict.push(strict);
      bySubject.set(q.subject, s);
      const notes: string[] = [];
      if (q.prompt === undefined && built.k < Math.min(k0, shots.length)) notes.push(`shots reduced to ${built.k}`);
      if (built.truncated) notes.push('prompt truncated from the start');
      records.push({
        id: opts.ids?.[n] ?? `${q.subject}/${n}`,
        group: q.subject,
        prompt: built.prompt,
        output: continuation,
        targets: [q.answer],
        scores: { kick, strict, ...Object.fromEntries(CHOICE_LETTERS.map((l, i) => [`ll_${l}`, lls[i]])) },
        notes: notes.length ? notes : undefined,
      });
    }
  });
  const groups: GroupScore[] = [];
  const byCategory = new Map<string, { kick: number[]; strict: number[] }>();
  for (const [subject, s] of [...bySubject.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    groups.push({ kind: 'subject', name: subject, kick: mean(s.kick), strict: mean(s.strict), count: s.kick.length });
    const cat = MMLU_SUBJECT_CATEGORY[subject] ?? 'other (business, health, misc.)';
    const c = byCategory.get(cat) ?? { kick: [], strict: [] };
    c.kick.push(...s.kick);
    c.strict.push(...s.strict);
    byCategory.set(cat, c);
  }
  for (const [cat, c] of byCategory) groups.push({ kind: 'category', name: cat, kick: mean(c.kick), strict: mean(c.strict), count: c.kick.length });
  return {
    task: 'mcr',
    dataset: opts.dataset ?? 'mmlu',
    kick: { rule: 'kick', label: 'last character of prompt + one greedy token equals the letter; micro-average', value: mean(kickAll), count: kickAll.length },
    strict: { rule: 'strict', label: "highest log-likelihood of ' A'..' D'; micro-average", value: mean(strictAll), count: strictAll.length },
    metrics: {},
    groups,
    examples: records,
    skipped,
    truncated,
    timingMs: now() - t0,
  };
}
