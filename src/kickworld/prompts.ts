/**
 * The prompt formats of LLM-KICK (see ../shared/kick/PROTOCOL.md), shared by the task sets and
 * the training corpus so that training examples are tokenised exactly as evaluation prompts.
 */

export const factoidPrompt = (q: string): string => `Please give answer to this question: ${q}\nThe answer is `;

export const mcrHeader = (subject: string): string =>
  `The following are multiple choice questions (with answers) about  ${subject}.\n\n`;

export const LETTERS = ['A', 'B', 'C', 'D'] as const;
export type Letter = (typeof LETTERS)[number];

export function mcrQuestionBlock(q: string, options: readonly string[]): string {
  return `${q}\n${options.map((o, i) => `${LETTERS[i]}. ${o}`).join('\n')}\nAnswer:`;
}

export const mcrShot = (q: string, options: readonly string[], answer: Letter): string =>
  `${mcrQuestionBlock(q, options)} ${answer}\n\n`;

export const icrClosedPrompt = (q: string): string => `Answer these questions:\n\nQ: ${q}\nA:`;

export const icrOpenPrompt = (context: string, q: string): string =>
  `${context}\n\nBased on these texts, answer these questions:\n\nQ: ${q}\nA:`;

/** kick-tiny has no chat template: the story is followed by a plain "Summary:" cue. */
export const summarizationPrompt = (story: string): string =>
  `Summarize the given story in less than 150 words while preserving high coherence, consistency, fluency, and relevance.\n\n${story}\n\nSummary:`;

export const instructionPrompt = (instruction: string): string => `Instruction: ${instruction}\nResponse:`;
