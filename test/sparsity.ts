import type { WeightMatrix } from '../src/compress/types.ts';
import type { LinearWeight } from '../src/model/weights/index-weights.ts';
import type { PatchableModel } from '../src/model/weights/patchable.ts';

/**
 * The most zeros a per-row pruning to `sparsity` can leave in `w`: each row's pruned count, or the
 * row's own zeros where it already has more. Trained weights can hold rows that are all zero
 * (kick-tiny has some: query and key rows its seeded initialisation set to zero in both, which
 * training never moves), and those stay zero.
 */
export function zerosAfterRowPruning(w: WeightMatrix, sparsity: number): number {
  let zeros = 0;
  for (let r = 0; r < w.rows; r++) {
    let own = 0;
    for (let c = 0; c < w.cols; c++) if (w.data[r * w.cols + c] === 0) own++;
    zeros += Math.max(Math.ceil(sparsity * w.cols), own);
  }
  return zeros;
}

export function linearOf(model: PatchableModel, module: string): LinearWeight {
  const linear = [...model.index.linears, model.index.lmHead].find((l) => l?.module === module);
  if (!linear) throw new Error(`no linear ${module} in the model's index`);
  return linear;
}
