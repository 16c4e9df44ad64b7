// TriviaQA / SQuAD answer normalisation (the TriviaQA v1.0 evaluation script's normalize_answer),
// with Python's Unicode-aware word boundaries and whitespace splitting reproduced.

const EXTRA_PUNCT = new Set(['\u2018', '\u2019', '\u00b4', '`']);
const ASCII_PUNCT = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'.split(''));

// Python's `\b(a|an|the)\b` on str patterns treats any Unicode letter/digit/underscore as a word char.
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/** Python's str.split() with no argument: split on runs of Unicode whitespace, drop empties. */
export function pySplit(text: string): string[] {
  return text.split(/[\s\u001c-\u001f\u0085]+/u).filter((t) => t.length > 0);
}

export function normalizeAnswer(s: string): string {
  let text = s.replace(/_/g, ' ').toLowerCase();
  text = Array.from(text, (ch) => (ASCII_PUNCT.has(ch) || EXTRA_PUNCT.has(ch) ? ' ' : ch)).join('');
  text = text.replace(ARTICLES, ' ');
  return pySplit(text).join(' ').trim();
}

/** Token-level F1 of the SQuAD/TriviaQA scripts (0 when no token is shared). */
export function tokenF1(prediction: string, groundTruth: string): number {
  const pred = pySplit(normalizeAnswer(prediction));
  const gold = pySplit(normalizeAnswer(groundTruth));
  const counts = new Map<string, number>();
  for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of pred) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / pred.length;
  const recall = same / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

export function maxOverGroundTruths(metric: (p: string, g: string) => number, prediction: string, truths: string[]): number {
  let best = 0;
  for (const g of truths) best = Math.max(best, metric(prediction, g));
  return best;
}
