// Judge-free measures: ROUGE-L against the reference, key-fact recall, agreement with the dense model.

/** rouge-score's default tokenizer: lowercase, non-alphanumerics to spaces, split (no stemming). */
export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((t) => t.length > 0);
}

function lcsLength(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

export interface Prf {
  precision: number;
  recall: number;
  f: number;
}

/** ROUGE-L of a candidate against a reference (F1 of the LCS, as rouge-score computes it). */
export function rougeL(reference: string, candidate: string): Prf {
  const r = rougeTokens(reference);
  const c = rougeTokens(candidate);
  const lcs = lcsLength(r, c);
  if (lcs === 0) return { precision: 0, recall: 0, f: 0 };
  const precision = lcs / c.length;
  const recall = lcs / r.length;
  return { precision, recall, f: (2 * precision * recall) / (precision + recall) };
}

const STOPWORDS = new Set(
  'a an the of to in on at for by with from and or but is are was were be been being it its this that these those as has have had he she they them his her their we you i not no will would can could said says'.split(' '),
);

/**
 * Share of key facts (the story's highlights) that the summary covers: a fact counts when at least
 * `threshold` of its content words appear in the summary.
 */
export function keyFactRecall(facts: string[], summary: string, threshold = 0.5): number | null {
  const have = new Set(rougeTokens(summary));
  let scored = 0;
  let covered = 0;
  for (const fact of facts) {
    const words = rougeTokens(fact).filter((w) => !STOPWORDS.has(w));
    if (words.length === 0) continue;
    scored++;
    const hit = words.filter((w) => have.has(w)).length / words.length;
    if (hit >= threshold) covered++;
  }
  return scored ? covered / scored : null;
}

/** Agreement with the dense model's output on the same prompt: ROUGE-L F between the two. */
export function denseAgreement(denseOutput: string, candidate: string): number {
  return rougeL(denseOutput, candidate).f;
}
