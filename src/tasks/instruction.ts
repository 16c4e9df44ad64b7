// Instruction following on the 80 Vicuna-bench questions, judged pairwise against the GPT-3.5
// reference answers with the FastChat general / coding / math templates. Checkable instructions
// (KICK-world: one word, upper case, a list, a number) are scored by their checks instead, with
// the judge's scores, when one is configured, kept beside them.
import { answersInstruction, followsInstruction, isInstructionCheck } from '../kickworld/checks.ts';
import type { InstructionItem, JudgePromptTemplate, JudgeReviewer, VicunaAnswer } from './datasets/schemas.ts';
import { freeAnswers, type GenerationSettings } from './generation.ts';
import { forEachChunk } from './batch.ts';
import { denseAgreement, rougeL } from './judge/offline.ts';
import type { OpenAiJudgeClient } from './judge/openai-client.ts';
import { judgePairwise } from './judge/pairwise.ts';
import { parseInstructionKick, parseInstructionStrict } from './judge/parse.ts';
import { JudgeTally, type GroupScores } from './judge/tally.ts';
import { pickJudgePrompt } from './judge/templates.ts';
import { applyChatTemplate, type LanguageModel } from './language-model.ts';
import { emptySkips, mean, now, type ExampleRecord, type GroupScore, type RunControl, type TaskResult } from './result.ts';

export interface InstructionOptions extends GenerationSettings {
  judge?: { client: OpenAiJudgeClient; prompts: JudgePromptTemplate[]; reviewers: JudgeReviewer[] };
  /** The dense model's answers by question_id, for the agreement measure. */
  denseOutputs?: Map<number, string>;
  dataset?: string;
  control?: RunControl;
}

export async function runInstruction(model: LanguageModel, questions: InstructionItem[], answers: VicunaAnswer[], opts: InstructionOptions = {}): Promise<TaskResult> {
  const t0 = now();
  const skipped = emptySkips();
  const records: ExampleRecord[] = [];
  const refs = new Map(answers.map((a) => [a.question_id, a.text]));
  const cats = new Map<string, GroupScores>();
  const tally = new JudgeTally();
  const rouge: number[] = [];
  const agree: number[] = [];
  const formatAll: number[] = [];
  const contentAll: number[] = [];
  const checked = questions.length > 0 && questions.every((q) => q.check !== undefined && isInstructionCheck(q.check));
  await forEachChunk(model, questions, opts.control, async (chunk) => {
    const answers = await freeAnswers(model, chunk, opts, skipped, (q) => {
      const reference = refs.get(q.question_id);
      if (!q.text.trim() || reference === undefined) return null;
      return { prompt: q.prompt ?? applyChatTemplate(model, q.text), keep: reference };
    });
    for (const { item: q, keep: reference, prompt, output } of answers) {
      const scores: Record<string, number | null> = { rougeL: rougeL(reference, output).f };
      rouge.push(scores.rougeL as number);
      const dense = opts.denseOutputs?.get(q.question_id);
      if (dense !== undefined) {
        scores.denseAgreement = denseAgreement(dense, output);
        agree.push(scores.denseAgreement);
      }
      const c = cats.get(q.category) ?? { kick: [], strict: [], n: 0 };
      c.n++;
      if (checked && q.check !== undefined && isInstructionCheck(q.check)) {
        const format = followsInstruction(q.check, output) ? 1 : 0;
        const content = format && answersInstruction(q.check, output, q.answers ?? []) ? 1 : 0;
        scores.kick = format;
        scores.strict = content;
        formatAll.push(format);
        contentAll.push(content);
        c.kick.push(format);
        c.strict.push(content);
      }
      const notes: string[] = [];
      if (opts.judge) {
        const { prompt: template, reviewer } = pickJudgePrompt(opts.judge.reviewers, opts.judge.prompts, q.category);
        const v = await judgePairwise({
          client: opts.judge.client,
          template,
          reviewer,
          question: q.text,
          reference,
          candidate: output,
          parseKick: parseInstructionKick,
          parseStrict: parseInstructionStrict,
        });
        notes.push(...tally.add(v, scores, c, checked));
      }
      cats.set(q.category, c);
      records.push({ id: String(q.question_id), group: q.category, prompt, output, targets: q.answers?.length ? q.answers : [reference], scores, notes: notes.length ? notes : undefined });
    }
  });
  const groups: GroupScore[] = [...cats.entries()].map(([name, c]) => ({ kind: 'question_category', name, kick: mean(c.kick), strict: mean(c.strict), count: c.n }));
  const judged = tally.scores(
    Boolean(opts.judge),
    'judge score 1-10, reference as Assistant 1 only, FastChat parser',
    'judge score 1-10, both orders averaged, tolerant parser',
  );
  return {
    task: 'instruction',
    dataset: opts.dataset ?? 'vicuna_bench',
    kick: checked
      ? { rule: 'kick', label: 'fraction of responses in the asked form (one word, upper case, a "- " list, a number)', value: mean(formatAll), count: formatAll.length, scale: 'fraction' }
      : judged.kick,
    strict: checked
      ? { rule: 'strict', label: 'fraction in the asked form and with the right answer (a list: every fact)', value: mean(contentAll), count: contentAll.length, scale: 'fraction' }
      : judged.strict,
    metrics: {
      rougeL: mean(rouge),
      denseAgreement: mean(agree),
      ...tally.metrics(Boolean(opts.judge), checked),
    },
    groups,
    examples: records,
    skipped,
    truncated: 0,
    timingMs: now() - t0,
  };
}
