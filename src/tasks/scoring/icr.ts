// ICR-QA (TriviaQA) prompts and EM rules.
import { maxOverGroundTruths, normalizeAnswer, tokenF1 } from './normalize.ts';

export const ICR_CONTEXT_CHARS = 3072;

export function icrQuestionPart(question: string, openBook: boolean): string {
  return openBook
    ? `Based on these texts, answer these questions:\n\nQ: ${question}\nA:`
    : `Answer these questions:\n\nQ: ${question}\nA:`;
}

/** Python slices by code point; JS strings are UTF-16, so slice over code points. */
export function codePointSlice(text: string, n: number): string {
  let out = '';
  let count = 0;
  for (const ch of text) {
    if (count >= n) break;
    out += ch;
    count++;
  }
  return out;
}

export function icrPrompt(question: string, context: string, openBook: boolean): string {
  const ctx = openBook ? codePointSlice(context, ICR_CONTEXT_CHARS) : '';
  return `${ctx}\n\n${icrQuestionPart(question, openBook)}`.trim();
}

/**
 * Reference: output.split(prompt_end)[1].strip().split("\n")[0] on the decoded prompt + output.
 * When the question part is not found in the decoded text the reference raises; we fall back to the
 * continuation alone.
 */
export function icrPrediction(promptPlusOutput: string, questionPart: string, continuation: string): string {
  const parts = promptPlusOutput.split(questionPart);
  const tail = parts.length > 1 ? parts[1] : continuation;
  return tail.trim().split('\n')[0];
}

/**
 * Whether icrPrediction(prompt + continuation, questionPart, ...) is final: no text appended to the
 * continuation can change it. The prediction is the first line of the stripped text before any
 * repeat of the question part, so it is final once a line break follows the first non-blank
 * character, no repeat of the question part can still begin at or before that break, and the
 * line's trailing blanks (which strip() would drop if the text ended right after the break) are
 * settled too.
 */
export function icrPredictionSettled(continuation: string, questionPart: string): boolean {
  if (continuation.includes(questionPart)) return true;
  const firstContent = continuation.search(/\S/);
  if (firstContent < 0) return false;
  const lineEnd = continuation.indexOf('\n', firstContent);
  if (lineEnd < 0) return false;
  const cut = earliestPartialMatch(continuation, questionPart);
  if (cut <= lineEnd) return false;
  if (/\S/.test(continuation[lineEnd - 1])) return true;
  // The line ends in blanks: they stay only if something non-blank follows before any cut.
  return /\S/.test(continuation.slice(lineEnd + 1, cut));
}

/** The first index from which the text's tail is a proper prefix of `part` (where a repeat of it could still begin); the text's length if none. */
function earliestPartialMatch(text: string, part: string): number {
  for (let p = Math.max(0, text.length - part.length + 1); p < text.length; p++) {
    if (part.startsWith(text.slice(p))) return p;
  }
  return text.length;
}

/** Reference EM: gold within prediction or prediction within gold, as characters; "" is in everything. */
export function icrKickEm(prediction: string, goldAliases: string[]): number {
  return maxOverGroundTruths(
    (p, g) => {
      const np = normalizeAnswer(p);
      const ng = normalizeAnswer(g);
      return np.includes(ng) || ng.includes(np) ? 1 : 0;
    },
    prediction,
    goldAliases,
  );
}

/** Strict EM: equality after normalisation (the official TriviaQA rule). */
export function icrStrictEm(prediction: string, goldAliases: string[]): number {
  return maxOverGroundTruths((p, g) => (normalizeAnswer(p) === normalizeAnswer(g) ? 1 : 0), prediction, goldAliases);
}

export function icrF1(prediction: string, goldAliases: string[]): number {
  return maxOverGroundTruths(tokenF1, prediction, goldAliases);
}

/** How an ICR rule compared the prediction with the gold answers. */
export type IcrExplanation =
  | {
      score: 1;
      alias: string;
      /** normalised: the prediction and alias after normalisation; how they met. */
      how: 'equal' | 'alias-in-prediction' | 'prediction-in-alias' | 'empty-prediction';
      prediction: string;
    }
  | { score: 0; prediction: string; aliases: number };

/**
 * The question part of a finished ICR prompt (what the reference splits the decoded text on): from
 * its last instruction line to the end.
 */
export function icrQuestionPartOf(prompt: string): string {
  const open = prompt.lastIndexOf('Based on these texts, answer these questions:');
  const at = open >= 0 ? open : prompt.lastIndexOf('Answer these questions:');
  return at >= 0 ? prompt.slice(at) : prompt;
}

/** The kick EM's reasoning: the first alias that meets the prediction, and which way round. */
export function explainIcrKickEm(prediction: string, goldAliases: string[]): IcrExplanation {
  const np = normalizeAnswer(prediction);
  for (const alias of goldAliases) {
    const ng = normalizeAnswer(alias);
    if (np === ng) return { score: 1, alias, how: 'equal', prediction: np };
    if (np.length === 0) return { score: 1, alias, how: 'empty-prediction', prediction: np };
    if (np.includes(ng)) return { score: 1, alias, how: 'alias-in-prediction', prediction: np };
    if (ng.includes(np)) return { score: 1, alias, how: 'prediction-in-alias', prediction: np };
  }
  return { score: 0, prediction: np, aliases: goldAliases.length };
}

/** The strict EM's reasoning: the first alias equal to the prediction after normalisation. */
export function explainIcrStrictEm(prediction: string, goldAliases: string[]): IcrExplanation {
  const np = normalizeAnswer(prediction);
  for (const alias of goldAliases) if (normalizeAnswer(alias) === np) return { score: 1, alias, how: 'equal', prediction: np };
  return { score: 0, prediction: np, aliases: goldAliases.length };
}
