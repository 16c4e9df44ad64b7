// Judge prompts from the reference's prompt.jsonl / reviewer.jsonl tables.
import type { JudgePromptTemplate, JudgeReviewer } from '../datasets/schemas.ts';

/** Python str.format with named fields: '{{' and '}}' are literal braces. */
export function pyFormat(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{|\}\}|\{(\w+)\}/g, (m, key: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const v = key !== undefined ? values[key] : undefined;
    if (v === undefined) throw new Error(`judge template needs a value for {${key}}`);
    return v;
  });
}

/** gen_prompt: the reviewer whose category matches, else reviewer 0; its prompt by prompt_id. */
export function pickJudgePrompt(reviewers: JudgeReviewer[], prompts: JudgePromptTemplate[], category: string): { prompt: JudgePromptTemplate; reviewer: JudgeReviewer | null } {
  const reviewer = reviewers.find((r) => r.category === category) ?? reviewers[0] ?? null;
  const prompt = (reviewer && prompts.find((p) => p.prompt_id === reviewer.prompt_id)) ?? prompts.find((p) => p.category === category) ?? prompts[0];
  if (!prompt) throw new Error('no judge prompt template is loaded');
  return { prompt, reviewer };
}

export interface JudgeMessages {
  system: string;
  user: string;
}

export function buildJudgeMessages(t: JudgePromptTemplate, question: string, answer1: string, answer2: string): JudgeMessages {
  return { system: t.system_prompt, user: pyFormat(t.prompt_template, { question, answer_1: answer1, answer_2: answer2, ...t.defaults }) };
}
