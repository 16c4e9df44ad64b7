// A point the model's layer shapes cannot take (AWQ's group must divide every input width, as
// llm-awq asserts) is known from the shapes alone: it fails before any time is spent on it.
import { recipeParams, resolveRecipe } from '../compress/registry.ts';
import type { LinearWeight } from '../model/weights/index-weights.ts';
import type { CompressionPoint } from './lab-protocol.ts';
import { StageError } from './lab-run-context.ts';

const NO_DATA = new Float32Array(0);

/** The first layer whose shape the point's methods refuse, as the failure compress would give; null when every layer fits. */
export function pointShapeProblem(point: CompressionPoint, linears: readonly LinearWeight[]): StageError | null {
  const recipe = resolveRecipe(point.spec);
  const params = recipeParams(recipe, point.params);
  for (const step of recipe.steps) {
    if (!step.checkShape) continue;
    for (const l of linears) {
      if (l.role === 'lm_head') continue;
      try {
        step.checkShape(params, { rows: l.outFeatures, cols: l.inFeatures, data: NO_DATA });
      } catch (error) {
        return new StageError('compress', l.module, error instanceof Error ? error.message : String(error));
      }
    }
  }
  return null;
}
