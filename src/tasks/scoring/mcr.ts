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

/** pandas.read_csv's default missing-value strings: such a cell becomes NaN, printed as "nan". */
const PANDAS_NA = new Set(['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']);

/**
 * The reference reads MMLU's CSVs with pandas, so a choice that reads "None" (10 test choices) is
 * shown to the model as "nan". Only the missing-value rule matters for MMLU: no all-numeric column
 * would be reformatted.
 */
export function pandasCell(text: string): string {
  return PANDAS_NA.has(text) ? 'nan' : text;
}

export function formatExample(q: McrQuestion, includeAnswer: boolean, cell: (text: string) => string = pandasCell): string {
  let prompt = cell(q.question);
  q.choices.forEach((c, j) => {
    prompt += `\n${CHOICE_LETTERS[j]}. ${cell(c)}`;
  });
  prompt += '\nAnswer:';
  if (includeAnswer) prompt += ` ${q.answer}\n\n`;
  return prompt;
}

export function mmluHeader(subject: string): string {
  return `The following are multiple choice questions (with answers) about ${formatSubject(subject)}.\n\n`;
}

export function mmluPrompt(subject: string, shots: McrQuestion[], k: number, test: McrQuestion, cell: (text: string) => string = pandasCell): string {
  let prompt = mmluHeader(subject);
  for (let i = 0; i < k; i++) prompt += formatExample(shots[i], true, cell);
  return prompt + formatExample(test, false, cell);
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
