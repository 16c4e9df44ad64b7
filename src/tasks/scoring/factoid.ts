// Factoid-QA (FreebaseQA) matching rules.

/** Python's str.strip() whitespace set, approximated by JS \s plus the separators Python adds. */
function pyStrip(s: string): string {
  return s.replace(/^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/gu, '');
}

function squash(s: string): string {
  // The reference removes only ' ' (not tabs or newlines) after stripping, then lowercases.
  return pyStrip(s).replaceAll(' ', '').toLowerCase();
}

/**
 * Reference rule (validate_response): the whole decoded text, prompt included, is searched for any
 * alias. An alias that appears in the question itself therefore counts as a hit.
 */
export function factoidKickMatch(aliases: string[], promptPlusOutput: string): 0 | 1 {
  const hay = squash(promptPlusOutput);
  for (const a of aliases) if (hay.includes(squash(a))) return 1;
  return 0;
}

/** Strict rule: the same substring test against the generated continuation only. */
export function factoidStrictMatch(aliases: string[], continuation: string): 0 | 1 {
  const hay = squash(continuation);
  for (const a of aliases) {
    const needle = squash(a);
    // An empty alias would match everything; it carries no answer.
    if (needle.length > 0 && hay.includes(needle)) return 1;
  }
  return 0;
}

/**
 * Whether both rules' outcomes are final for this continuation: once the strict rule hits (and so
 * the kick rule, which searches the prompt too), no appended text can take a hit away, so
 * generation may end there. A capital sigma is the one exception: lowercasing it depends on the
 * letter after it, so a continuation holding one is never called settled.
 */
export function factoidSettled(aliases: string[], prompt: string, continuation: string): boolean {
  if (continuation.includes('\u03a3')) return false;
  return factoidStrictMatch(aliases, continuation) === 1 && factoidKickMatch(aliases, prompt + continuation) === 1;
}

/**
 * The reference loop breaks on `num_example > num_examples`, so it scores num_examples + 1 questions
 * and divides the hits by num_examples. `hits` are the per-question results in run order.
 */
export function factoidKickAccuracy(hits: number[], numExamples: number): number {
  const counted = hits.slice(0, numExamples + 1);
  const sum = counted.reduce((a, b) => a + b, 0);
  return numExamples > 0 ? sum / numExamples : 0;
}

/** Strict: the intended num_examples questions, divided by how many were really scored. */
export function factoidStrictAccuracy(hits: number[], numExamples: number): number {
  const counted = hits.slice(0, numExamples);
  return counted.length > 0 ? counted.reduce((a, b) => a + b, 0) / counted.length : 0;
}

/** Why a factoid rule scored what it did: the first alias that matched and where, or none. */
export type FactoidExplanation =
  | { score: 1; alias: string; where: 'prompt' | 'output'; /** Offset of the match in that part, spaces removed. */ at: number }
  | { score: 0; aliases: number };

/** Python's lstrip() over the same whitespace set as pyStrip. */
function pyStripStart(s: string): string {
  return s.replace(/^[\s\u001c-\u001f\u0085]+/u, '');
}

/**
 * The kick rule's reasoning: the same search as factoidKickMatch, reporting the first alias found
 * and whether the match starts in the prompt (the question) or in the model's output.
 */
export function explainFactoidKick(aliases: string[], prompt: string, output: string): FactoidExplanation {
  const hay = squash(prompt + output);
  // Where the prompt ends in the squashed text: its leading whitespace stripped, spaces removed.
  const promptEnd = pyStripStart(prompt).replaceAll(' ', '').toLowerCase().length;
  for (const alias of aliases) {
    const at = hay.indexOf(squash(alias));
    if (at < 0) continue;
    return at < promptEnd ? { score: 1, alias, where: 'prompt', at } : { score: 1, alias, where: 'output', at: at - promptEnd };
  }
  return { score: 0, aliases: aliases.length };
}

/** The strict rule's reasoning: the first non-empty alias found in the output, or none. */
export function explainFactoidStrict(aliases: string[], output: string): FactoidExplanation {
  const hay = squash(output);
  for (const alias of aliases) {
    const needle = squash(alias);
    if (needle.length === 0) continue;
    const at = hay.indexOf(needle);
    if (at >= 0) return { score: 1, alias, where: 'output', at };
  }
  return { score: 0, aliases: aliases.length };
}
