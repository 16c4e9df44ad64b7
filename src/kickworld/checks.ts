import { normalizeAnswer } from './normalize.ts';
import type { InstructionCheck } from './tasks.ts';

/** Format checks of the instruction task: each looks only at the response's form. */
export function followsInstruction(check: InstructionCheck, response: string): boolean {
  const text = response.trim();
  switch (check) {
    case 'one_word':
      return /^[A-Za-z][A-Za-z'-]*\.?$/.test(text);
    case 'upper_case':
      return /[A-Z]/.test(text) && text === text.toUpperCase();
    case 'number':
      return /^\d+\.?$/.test(text);
    case 'list': {
      const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
      return lines.length >= 2 && lines.every((l) => l.startsWith('- '));
    }
  }
}

/** Fraction of key facts a summary mentions (after SQuAD normalisation). */
export function keyFactRecall(summaryText: string, keyFacts: readonly string[]): number {
  if (keyFacts.length === 0) return 1;
  const s = ` ${normalizeAnswer(summaryText)} `;
  const hits = keyFacts.filter((f) => s.includes(` ${normalizeAnswer(f)} `)).length;
  return hits / keyFacts.length;
}

const CHECKS: readonly InstructionCheck[] = ['one_word', 'upper_case', 'list', 'number'];

export const isInstructionCheck = (s: string): s is InstructionCheck => (CHECKS as readonly string[]).includes(s);

/**
 * Whether the response also says the right thing: a list must name every expected fact, any other
 * response must be one of the acceptable answers (after SQuAD normalisation, so "PARIS." = "Paris").
 */
export function answersInstruction(check: InstructionCheck, response: string, answers: readonly string[]): boolean {
  if (answers.length === 0) return false;
  if (check === 'list') return keyFactRecall(response, answers) === 1;
  const r = normalizeAnswer(response);
  return answers.some((a) => normalizeAnswer(a) === r);
}
