// MCR-QA (MMLU) prompt construction and answer rules.

export const CHOICE_LETTERS = ['A', 'B', 'C', 'D'] as const;
export type ChoiceLetter = (typeof CHOICE_LETTERS)[number];

export interface McrQuestion {
  subject: string;
  question: string;
  choices: string[];
  answer: ChoiceLetter;
}

/** format_subject: every '_'-separated part gets a leading space, hence "about  x" (two spaces). */
export function formatSubject(subject: string): string {
  return subject
    .split('_')
    .map((part) => ' ' + part)
    .join('');
}

export function formatExample(q: McrQuestion, includeAnswer: boolean): string {
  let prompt = q.question;
  q.choices.forEach((c, j) => {
    prompt += `\n${CHOICE_LETTERS[j]}. ${c}`;
  });
  prompt += '\nAnswer:';
  if (includeAnswer) prompt += ` ${q.answer}\n\n`;
  return prompt;
}

export function mmluHeader(subject: string): string {
  return `The following are multiple choice questions (with answers) about ${formatSubject(subject)}.\n\n`;
}

export function mmluPrompt(subject: string, shots: McrQuestion[], k: number, test: McrQuestion): string {
  let prompt = mmluHeader(subject);
  for (let i = 0; i < k; i++) prompt += formatExample(shots[i], true);
  return prompt + formatExample(test, false);
}

/**
 * Reference rule: generate one token greedily, decode prompt + token, take the last character.
 * An empty continuation (end of text) leaves the prompt's last character, ':'.
 */
export function mcrKickPrediction(prompt: string, continuation: string): string {
  const decoded = prompt + continuation;
  return decoded.slice(-1);
}

/** Strict rule: the letter whose ' X' continuation has the highest log-likelihood (first on ties). */
export function mcrStrictPrediction(logLikelihoods: number[]): ChoiceLetter {
  let best = 0;
  for (let i = 1; i < logLikelihoods.length; i++) if (logLikelihoods[i] > logLikelihoods[best]) best = i;
  return CHOICE_LETTERS[best];
}
