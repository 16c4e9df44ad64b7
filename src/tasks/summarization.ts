// In-context summarization of the CNN stories (three length buckets), judged pairwise against a
// reference summary, with judge-free ROUGE-L / key-fact recall / dense agreement beside it.
// Stories that list their key facts (KICK-world) are scored by them instead: the fraction of key
// facts a summary names, and the fraction of summaries that name them all; a judge's scores, when
// one is configured, are kept beside them.
import type { JudgePromptTemplate, JudgeReviewer, StoryItem, StoryRecord } from './datasets/schemas.ts';
import { freeAnswers, type GenerationSettings } from './generation.ts';
import { forEachChunk } from './batch.ts';
import { denseAgreement, keyFactRecall, rougeL } from './judge/offline.ts';
import type { OpenAiJudgeClient } from './judge/openai-client.ts';
import { judgePairwise } from './judge/pairwise.ts';
import { parseSummaryKick, parseSummaryStrict, summaryMeans } from './judge/parse.ts';
import { JudgeTally, type GroupScores } from './judge/tally.ts';
import { pickJudgePrompt } from './judge/templates.ts';
import { applyChatTemplate, type LanguageModel } from './language-model.ts';
import { emptySkips, mean, now, type ExampleRecord, type GroupScore, type RunControl, type TaskResult } from './result.ts';

export const SUMMARY_INSTRUCTION =
  'Summarize the given story in less than 150 words while preserving high coherence, consistency, fluency, and relevance.';

/**
 * llm-kick's question text: its instruction, then the story's lines stripped and glued without
 * separators, then every highlight prefixed by "@highlight" (the reference summaries leak into the prompt).
 */
export function kickStoryText(s: Pick<StoryRecord, 'story' | 'highlights' | 'llmkick_instruction'>): string {
  const body = s.story
    .split('\n')
    .map((l) => l.trim())
    .join('');
  return `${s.llmkick_instruction}\n\n${body}${s.highlights.map((h) => '@highlight' + h).join('')}`;
}

/** PROTOCOL.md's prompt with the paragraphs kept and no highlights. */
export function cleanStoryText(s: Pick<StoryRecord, 'story'>): string {
  return `${SUMMARY_INSTRUCTION}\n\n${s.story}`;
}

export function storyKey(s: Pick<StoryItem, 'bucket' | 'id'>): string {
  return `${s.bucket}/${s.id}`;
}

export interface SummarizationOptions extends GenerationSettings {
  promptStyle?: 'kick' | 'clean';
  judge?: { client: OpenAiJudgeClient; prompts: JudgePromptTemplate[]; reviewers: JudgeReviewer[] };
  /** Reference summaries by storyKey; the highlights joined by newlines where absent. */
  references?: Map<string, string>;
  /** The dense model's summaries by storyKey, for the agreement measure. */
  denseOutputs?: Map<string, string>;
  dataset?: string;
  control?: RunControl;
}

export async function runSummarization(model: LanguageModel, stories: StoryItem[], opts: SummarizationOptions = {}): Promise<TaskResult> {
  const t0 = now();
  const skipped = emptySkips();
  const records: ExampleRecord[] = [];
  const buckets = new Map<string, GroupScores>();
  const tally = new JudgeTally();
  const rouge: number[] = [];
  const facts: number[] = [];
  const agree: number[] = [];
  const allFacts: number[] = [];
  const checked = stories.length > 0 && stories.every((s) => s.keyFacts !== undefined && s.keyFacts.length > 0);
  await forEachChunk(model, stories, opts.control, async (chunk) => {
    const answers = await freeAnswers(model, chunk, opts, skipped, (s) => {
      if (!s.story.trim()) return null;
      const question = kickStoryText(s);
      const userText = opts.promptStyle === 'clean' ? cleanStoryText(s) : question;
      return { prompt: s.prompt ?? applyChatTemplate(model, userText), keep: question };
    });
    for (const { item: s, keep: question, prompt, output } of answers) {
      const key = storyKey(s);
      const reference = opts.references?.get(key) ?? s.reference ?? s.highlights.join('\n');
      const scores: Record<string, number | null> = {
        rougeL: rougeL(reference, output).f,
        keyFactRecall: keyFactRecall(s.keyFacts ?? s.highlights, output),
      };
      rouge.push(scores.rougeL as number);
      if (scores.keyFactRecall !== null) facts.push(scores.keyFactRecall);
      const dense = opts.denseOutputs?.get(key);
      if (dense !== undefined) {
        scores.denseAgreement = denseAgreement(dense, output);
        agree.push(scores.denseAgreement);
      }
      const notes: string[] = [];
      const b = buckets.get(s.bucket) ?? { kick: [], strict: [], n: 0 };
      b.n++;
      if (checked && scores.keyFactRecall !== null) {
        const all = scores.keyFactRecall === 1 ? 1 : 0;
        scores.kick = scores.keyFactRecall;
        scores.strict = all;
        allFacts.push(all);
        b.kick.push(scores.keyFactRecall);
        b.strict.push(all);
      }
      if (opts.judge) {
        const { prompt: template, reviewer } = pickJudgePrompt(opts.judge.reviewers, opts.judge.prompts, s.bucket);
        const v = await judgePairwise({
          client: opts.judge.client,
          template,
          reviewer,
          question,
          reference,
          candidate: output,
          // llm-kick's summarization judge sends temperature 0.1 whatever reviewer.jsonl says.
          temperature: 0.1,
          parseKick: (r) => {
            const p = parseSummaryKick(r);
            return p ? summaryMeans(p) : null;
          },
          parseStrict: (r) => {
            const p = parseSummaryStrict(r);
            return p ? summaryMeans(p) : null;
          },
        });
        notes.push(...tally.add(v, scores, b, checked));
      }
      buckets.set(s.bucket, b);
      records.push({ id: key, group: s.bucket, prompt, output, targets: checked ? (s.keyFacts ?? []) : [reference], scores, notes: notes.length ? notes : undefined });
    }
  });
  const groups: GroupScore[] = [...buckets.entries()].map(([name, b]) => ({ kind: 'bucket', name, kick: mean(b.kick), strict: mean(b.strict), count: b.n }));
  const judged = tally.scores(
    Boolean(opts.judge),
    'judge score 1-10, mean of 4 aspects, reference as Assistant 1 only, reference parser',
    'judge score 1-10, mean of 4 aspects, both orders averaged, tolerant parser',
  );
  return {
    task: 'summarization',
    dataset: opts.dataset ?? 'cnn_stories',
    kick: checked ? { rule: 'kick', label: 'key-fact recall: fraction of the key facts a summary names', value: mean(facts), count: facts.length, scale: 'fraction' } : judged.kick,
    strict: checked ? { rule: 'strict', label: 'fraction of summaries naming every key fact', value: mean(allFacts), count: allFacts.length, scale: 'fraction' } : judged.strict,
    metrics: {
      rougeL: mean(rouge),
      keyFactRecall: mean(facts),
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
