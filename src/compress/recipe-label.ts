// One name for a compression point, the same in the worker's progress and in every view:
// "dense", "wanda 50%", "wanda 2:4", "rtn 4-bit", "wanda+rtn 50% 4-bit", "wanda 50% (OWL)".
import { formatPattern } from './params.ts';
import { stepKind } from './method-kinds.ts';
import type { CompressParams } from './types.ts';

export const DENSE_LABEL = 'dense';

/** The settings a label shows; each is shown only where a step of the recipe uses it. */
export interface RecipeLevel {
  /** Unstructured sparsity in [0, 1). */
  sparsity?: number | null;
  /** An N:M pattern fixes the sparsity, so it is shown instead of `sparsity`. */
  pattern?: CompressParams['pattern'] | null;
  bits?: number | null;
  schedule?: 'uniform' | 'owl';
}

/**
 * A recipe ("wanda", "wanda+rtn") with its level, or "dense" for null. Pruning steps show the
 * N:M pattern or the sparsity, quantizing steps the bit width; a step the method table does not
 * know shows whatever it was given.
 */
export function recipeLabel(spec: string | null, level: RecipeLevel = {}): string {
  if (spec === null) return DENSE_LABEL;
  const kinds = spec.split('+').map((step) => stepKind(step.trim()));
  const prunes = kinds.some((k) => k !== 'quantize');
  const quantizes = kinds.some((k) => k !== 'prune');
  const parts = [spec];
  const { sparsity, pattern, bits } = level;
  if (prunes && pattern && pattern !== 'unstructured') parts.push(formatPattern(pattern));
  else if (prunes && sparsity !== undefined && sparsity !== null) parts.push(formatPercent(sparsity));
  if (quantizes && bits !== undefined && bits !== null) parts.push(`${bits}-bit`);
  if (level.schedule === 'owl') parts.push('(OWL)');
  return parts.join(' ');
}

/** 0.5 -> "50%", 0.333 -> "33.3%", 0.0625 -> "6.25%": at most two decimals, no float noise. */
function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}
