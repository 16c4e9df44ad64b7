/**
 * SQuAD-style answer normalisation, as LLM-KICK's ICR scoring uses it: lowercase, `_` and
 * punctuation to spaces, drop articles, collapse whitespace.
 */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/[!"#$%&'()*+,\-./:;<=>?@[\\\]^`{|}~]/g, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
