import type { LanguageModel } from './language-model.ts';

/**
 * Drops characters from the start of `text` (keeping its end, where the question sits) until
 * `build(text)` encodes to at most `maxTokens` tokens. Binary search over the cut position.
 */
export async function truncateStartToFit(
  model: LanguageModel,
  text: string,
  build: (kept: string) => string,
  maxTokens: number,
): Promise<string | null> {
  if ((await model.countTokens(build(text))) <= maxTokens) return text;
  let lo = 1;
  let hi = text.length;
  if ((await model.countTokens(build(''))) > maxTokens) return null;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((await model.countTokens(build(text.slice(mid)))) <= maxTokens) hi = mid;
    else lo = mid + 1;
  }
  return text.slice(lo);
}
