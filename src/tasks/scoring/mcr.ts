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

/** What an MCR rule chose against the right letter. */
export interface McrExplanation {
  score: 0 | 1;
  /** The kick rule's character (any character, '\n' or ':' included); the strict rule's letter. */
  chosen: string;
  right: ChoiceLetter;
}

/** The kick rule's reasoning: the last character of prompt + token against the answer letter. */
export function explainMcrKick(prompt: string, continuation: string, answer: ChoiceLetter): McrExplanation {
  const chosen = mcrKickPrediction(prompt, continuation);
  return { score: chosen === answer ? 1 : 0, chosen, right: answer };
}

/** The strict rule's reasoning: the most likely letter against the answer letter. */
export function explainMcrStrict(logLikelihoods: number[], answer: ChoiceLetter): McrExplanation {
  const chosen = mcrStrictPrediction(logLikelihoods);
  return { score: chosen === answer ? 1 : 0, chosen, right: answer };
}

/** The four options of a finished prompt's last question ("A. ..." to "D. ..." before "Answer:"). */
export function mcrOptionsOf(prompt: string): Array<{ letter: ChoiceLetter; text: string }> | null {
  const end = prompt.lastIndexOf('\nAnswer:');
  if (end < 0) return null;
  const lines = prompt.slice(0, end).split('\n').slice(-CHOICE_LETTERS.length);
  const options = lines.map((line, i) => {
    const letter = CHOICE_LETTERS[i];
    return line.startsWith(`${letter}. `) ? { letter, text: line.slice(letter.length + 2) } : null;
  });
  return options.every((o) => o !== null) ? (options as Array<{ letter: ChoiceLetter; text: string }>) : null;
}
