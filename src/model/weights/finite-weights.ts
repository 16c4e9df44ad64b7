// NaN or Inf in a model's weights is refused at load, naming the tensors: evaluated, such a model
// gives NaN logits that the tasks would score as wrong answers, and compressed, every method refuses
// the layer anyway (src/compress/finite.ts).
import { externalRef } from '../onnx/tensor-data.ts';
import { DataType } from '../onnx/types.ts';
import type { PatchableModel } from './patchable.ts';

export class NonFiniteWeightsError extends Error {
  override name = 'NonFiniteWeightsError';
}

interface Count {
  nan: number;
  inf: number;
}

/** Exponent all ones: NaN when the mantissa is non-zero, else ±Inf. */
function countFloat32(bytes: Uint8Array, offset: number, length: number): Count {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
  const count = { nan: 0, inf: 0 };
  for (let i = 0; i + 4 <= length; i += 4) {
    const u = view.getUint32(i, true);
    if ((u & 0x7f800000) !== 0x7f800000) continue;
    if (u & 0x007fffff) count.nan++;
    else count.inf++;
  }
  return count;
}

function countFloat16(bytes: Uint8Array, offset: number, length: number): Count {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
  const count = { nan: 0, inf: 0 };
  for (let i = 0; i + 2 <= length; i += 2) {
    const h = view.getUint16(i, true);
    if ((h & 0x7c00) !== 0x7c00) continue;
    if (h & 0x03ff) count.nan++;
    else count.inf++;
  }
  return count;
}

const MAX_NAMED = 3;

/** Throws NonFiniteWeightsError naming the first tensors that hold NaN or Inf, with their counts. */
export function requireFiniteWeights(patchable: PatchableModel): void {
  const moduleOf = new Map(patchable.index.linears.map((l) => [l.initializer, l.module]));
  if (patchable.index.lmHead) moduleOf.set(patchable.index.lmHead.initializer, patchable.index.lmHead.module);
  const bad: string[] = [];
  let tensors = 0;
  for (const t of patchable.model.graph.initializers) {
    const ref = externalRef(t);
    if (!ref || ref.location !== patchable.dataLocation) continue;
    const counter = t.dataType === DataType.FLOAT ? countFloat32 : t.dataType === DataType.FLOAT16 ? countFloat16 : null;
    if (!counter) continue;
    const { nan, inf } = counter(patchable.master, ref.offset, ref.length);
    if (nan + inf === 0) continue;
    tensors++;
    if (bad.length < MAX_NAMED) bad.push(`${moduleOf.get(t.name) ?? t.name} (${[nan ? `${nan} NaN` : '', inf ? `${inf} Inf` : ''].filter(Boolean).join(', ')})`);
  }
  if (tensors === 0) return;
  const more = tensors > bad.length ? ` and ${tensors - bad.length} more tensors` : '';
  throw new NonFiniteWeightsError(`the model's weights hold NaN or Inf: ${bad.join('; ')}${more}; the export is broken, choose another`);
}
