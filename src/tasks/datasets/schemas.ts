// Record shapes of the fixture layout (../shared/datasets), the lab's canonical form of each data set.
import { z } from 'zod';

export const freebaseRecord = z.object({
  id: z.string(),
  question: z.string(),
  answers: z.array(z.string()),
});
export type FreebaseRecord = z.infer<typeof freebaseRecord>;

export const mmluRecord = z.object({
  subject: z.string().min(1),
  question: z.string(),
  choices: z.array(z.string()).length(4),
  answer: z.enum(['A', 'B', 'C', 'D']),
});
export type MmluRecord = z.infer<typeof mmluRecord>;

export const triviaRecord = z.object({
  id: z.string(),
  question: z.string(),
  answers: z.array(z.string()),
  normalized_answers: z.array(z.string()),
  wiki_context: z.string().nullable(),
  search_context: z.string().nullable(),
});
export type TriviaRecord = z.infer<typeof triviaRecord>;

export const storyBucket = z.enum(['small', 'mid', 'large']);

export const storyRecord = z.object({
  id: z.string(),
  bucket: storyBucket,
  story: z.string(),
  highlights: z.array(z.string()),
  llmkick_question_id: z.number().int(),
  llmkick_instruction: z.string(),
});
export type StoryRecord = z.infer<typeof storyRecord>;

export const vicunaQuestion = z.object({
  question_id: z.number().int(),
  text: z.string(),
  category: z.string(),
});
export type VicunaQuestion = z.infer<typeof vicunaQuestion>;

export const vicunaAnswer = z.object({
  question_id: z.number().int(),
  text: z.string(),
  model_id: z.string().optional(),
});
export type VicunaAnswer = z.infer<typeof vicunaAnswer>;

export const judgePrompt = z.object({
  prompt_id: z.number().int(),
  system_prompt: z.string(),
  prompt_template: z.string(),
  defaults: z.object({ prompt: z.string() }),
  category: z.string(),
});
export type JudgePromptTemplate = z.infer<typeof judgePrompt>;

export const judgeReviewer = z.object({
  reviewer_id: z.string(),
  prompt_id: z.number().int(),
  metadata: z.object({ temperature: z.number(), max_tokens: z.number().int() }),
  category: z.string(),
});
export type JudgeReviewer = z.infer<typeof judgeReviewer>;

// What the tasks take: the records above, or items of a built-in task set that carry their finished
// prompt (used verbatim), and for summaries their reference and key facts.
export type McrItem = MmluRecord & { prompt?: string };
export type StoryItem = Omit<StoryRecord, 'bucket'> & { bucket: string; prompt?: string; reference?: string; keyFacts?: string[] };
/** Checkable instructions (KICK-world) carry the format to follow and the acceptable answers. */
export type InstructionItem = VicunaQuestion & { prompt?: string; check?: string; answers?: string[] };

export const c4Record = z.object({ text: z.string() });
