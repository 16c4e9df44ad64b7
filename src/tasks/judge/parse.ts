// Judge reply parsers: the reference's (kick) and a tolerant one (strict). null = unparseable.

/** Python float() on a token: optional sign, decimal or exponent form, inf/nan; surrounding blanks allowed. */
export function pyFloat(token: string): number | null {
  const t = token.trim().replaceAll('_', '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  return null;
}

export type ScorePair = [number, number];

/** FastChat parse_score (Vicuna-bench): first line, ',' -> ' ', split on ' ', exactly two floats. */
export function parseInstructionKick(review: string): ScorePair | null {
  const sp = review.split('\n')[0].replaceAll(',', ' ').split(' ');
  if (sp.length !== 2) return null;
  const a = pyFloat(sp[0]);
  const b = pyFloat(sp[1]);
  return a === null || b === null ? null : [a, b];
}

export const SUMMARY_ASPECTS = ['coherence', 'consistency', 'fluency', 'relevance'] as const;
export type SummaryScores = Record<(typeof SUMMARY_ASPECTS)[number], ScorePair>;

/** llm-kick gpt4_judge.parse_score: lines 0..3, each split(' ')[0] and [1] as floats. */
export function parseSummaryKick(review: string): SummaryScores | null {
  const lines = review.split('\n');
  const pairs: ScorePair[] = [];
  for (let i = 0; i < 4; i++) {
    if (lines[i] === undefined) return null;
    const parts = lines[i].split(' ');
    if (parts.length < 2) return null;
    const a = pyFloat(parts[0]);
    const b = pyFloat(parts[1]);
    if (a === null || b === null) return null;
    pairs.push([a, b]);
  }
  return { coherence: pairs[0], consistency: pairs[1], fluency: pairs[2], relevance: pairs[3] };
}

const PAIR = /(?:^|[^\d.])(10|[1-9](?:\.\d+)?)\s*(?:,|\s|\/10\s*,?|and)\s*(10|[1-9](?:\.\d+)?)(?![\d.])/;

function findPair(line: string): ScorePair | null {
  const m = PAIR.exec(line.replace(/\*\*/g, ''));
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Tolerant: the first line holding two scores in 1..10 ("8 7", "8, 7", "(8, 7)", "Scores: 8/10, 7/10"). */
export function parseInstructionStrict(review: string): ScorePair | null {
  for (const line of review.split('\n')) {
    const p = findPair(line);
    if (p) return p;
  }
  return null;
}

/** Tolerant: the first four lines holding a pair, in order coherence, consistency, fluency, relevance. */
export function parseSummaryStrict(review: string): SummaryScores | null {
  const pairs: ScorePair[] = [];
  for (const line of review.split('\n')) {
    const p = findPair(line);
    if (p) pairs.push(p);
    if (pairs.length === 4) break;
  }
  if (pairs.length < 4) return null;
  return { coherence: pairs[0], consistency: pairs[1], fluency: pairs[2], relevance: pairs[3] };
}

/** One number per pair side: the mean of the four aspects. */
export function summaryMeans(s: SummaryScores): ScorePair {
  let a = 0;
  let b = 0;
  for (const k of SUMMARY_ASPECTS) {
    a += s[k][0];
    b += s[k][1];
  }
  return [a / 4, b / 4];
}
