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
