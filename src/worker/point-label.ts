// The name a lab run reports a point under, in its progress and its results; the views name a
// sweep's points the same way (src/state/derive.ts pointLabel).
import { recipeLabel } from '../compress/recipe-label.ts';
import type { CompressionPoint } from './lab-protocol.ts';

/** null is the dense baseline. */
export function compressionPointLabel(point: CompressionPoint | null): string {
  if (!point) return recipeLabel(null);
  const { sparsity, pattern, bits } = point.params;
  return recipeLabel(point.spec, { sparsity, pattern, bits, schedule: point.schedule });
}
