import type { MethodId, StepKind } from './method-kinds.ts';
import type { CompressParams, CompressResult, LayerStats, RunContext, StatName, WeightMatrix } from './types.ts';

export type { MethodId };

/** One compression method: what it needs and how it runs on either backend. */
export interface MethodDef {
  id: MethodId;
  kind: StepKind;
  label: string;
  /** One line for the method picker. */
  summary: string;
  /** Statistics that must be present in LayerStats; empty when no calibration is needed. */
  needs: StatName[];
  /** Parameters this method reads; the registry rejects a required one that is missing. */
  params: Array<keyof CompressParams>;
  defaults: CompressParams;
  /** Rules of the authors' code that tie the parameters to the weight's shape, beyond checkParams'. */
  checkShape?(params: CompressParams, weight: WeightMatrix): void;
  run(weight: WeightMatrix, stats: LayerStats | null, params: CompressParams, ctx: RunContext): Promise<CompressResult>;
}
