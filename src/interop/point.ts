// What the exporters need to know of one sweep point, without the state layer's types: interop sits
// below state, and a sweep's PointSpec and method parameters fit this shape as they are.
import type { TaskId } from '../tasks/result.ts';

export type ParamValue = number | string | boolean | null;

export interface ExportPoint {
  /** "dense", a method id ("wanda") or a prune+quantize combination ("sparsegpt+gptq"). */
  method: string;
  sparsity: number | null;
  /** N:M as text ("2:4"); null for unstructured points. */
  pattern: string | null;
  bits: number | null;
  /** The parameters the sweep keeps fixed for this method (group, sym, damp, schedule...). */
  params: Readonly<Record<string, ParamValue>>;
}

/** A point's stable name as a file name: "wanda_s0.5", "gptq_b4", "wanda_nm2-4". */
export function pointSlug(p: Pick<ExportPoint, 'method' | 'sparsity' | 'pattern' | 'bits'>): string {
  const parts = [p.method.replace('+', '-')];
  if (p.sparsity !== null) parts.push(`s${p.sparsity}`);
  if (p.pattern !== null) parts.push(`nm${p.pattern.replace(':', '-')}`);
  if (p.bits !== null) parts.push(`b${p.bits}`);
  return parts.join('_');
}

/** What the export reads of a sweep (state's Sweep fits this shape). */
export interface ExportSweep {
  id: string;
  name: string;
  config: {
    model: { id: string; revision: string };
    methods: ReadonlyArray<{ id: string; params: Readonly<Record<string, ParamValue>> }>;
    tasks: ReadonlyArray<{ task: TaskId; size: number | 'full' }>;
    calibration: { dataset: string; samples: number; seqLen: number; seed: number; mode: 'one-shot' | 'sequential' } | null;
  };
}
