// Moves every weight into one external-data buffer (model.onnx_data) so that all models, whether
// exported with inline weights or with external data, are patched the same way: by writing into
// a copy of that buffer at recorded offsets and handing it to the session.
import { encodeModel } from '../onnx/encode.ts';
import { elementBytes, elementCount, externalRef, inlineBytes, setExternal } from '../onnx/tensor-data.ts';
import type { OnnxModel, OnnxTensor } from '../onnx/types.ts';

export const DATA_FILE = 'model.onnx_data';

/** Offsets are aligned so Float32Array / Uint16Array views into the buffer are always valid. */
const ALIGN = 64;

export interface ExternalizeOptions {
  /** Inline tensors of at least this many bytes move out (onnx's default threshold). */
  thresholdBytes?: number;
  /** Initializers that move out whatever their size (the indexed linear weights). */
  alwaysMove?: Iterable<string>;
  location?: string;
}

export interface ExternalizedModel {
  /** The model, rewritten to reference `location` (the input object is not changed). */
  model: OnnxModel;
  modelBytes: Uint8Array;
  /** The external data: the input buffer itself when nothing had to move. */
  data: Uint8Array;
  location: string;
  /** True when the input already had all its large tensors in `location`. */
  unchanged: boolean;
}

export class ExternalDataError extends Error {}

function cloneTensorShallow(t: OnnxTensor): OnnxTensor {
  return { ...t, dims: [...t.dims], externalData: t.externalData?.map((e) => ({ ...e })) };
}

/**
 * `files` maps external locations (as named in the model) to their bytes; `modelBytes` is the
 * original encoding, reused when nothing changes.
 */
export function externalize(model: OnnxModel, files: ReadonlyMap<string, Uint8Array>, options: ExternalizeOptions = {}, modelBytes?: Uint8Array): ExternalizedModel {
  const location = options.location ?? DATA_FILE;
  const threshold = options.thresholdBytes ?? 1024;
  const always = new Set(options.alwaysMove ?? []);
  const inits = model.graph.initializers;

  const shouldMove = (t: OnnxTensor): boolean => {
    if (externalRef(t)) return false;
    const size = elementBytes(t.dataType);
    if (size === null) return false; // strings stay inline
    return always.has(t.name) || size * elementCount(t.dims) >= threshold;
  };
  const foreign = inits.some((t) => {
    const ref = externalRef(t);
    return ref !== null && ref.location !== location;
  });
  const inlineToMove = inits.some(shouldMove);
  const existing = files.get(location);
  if (!foreign && !inlineToMove && (existing || !inits.some((t) => externalRef(t)))) {
    return { model, modelBytes: modelBytes ?? encodeModel(model), data: existing ?? new Uint8Array(0), location, unchanged: true };
  }

  // Lay out a new buffer: every external tensor and every inline tensor that moves.
  const plan: Array<{ index: number; bytes: Uint8Array; offset: number }> = [];
  let end = 0;
  inits.forEach((t, index) => {
    const ref = externalRef(t);
    let bytes: Uint8Array;
    if (ref) {
      const file = files.get(ref.location);
      if (!file) throw new ExternalDataError(`external data file "${ref.location}" for tensor ${t.name} was not provided`);
      if (ref.offset + ref.length > file.length) throw new ExternalDataError(`tensor ${t.name} reads bytes ${ref.offset}..${ref.offset + ref.length} of "${ref.location}", which has ${file.length}`);
      bytes = file.subarray(ref.offset, ref.offset + ref.length);
    } else if (shouldMove(t)) {
      bytes = inlineBytes(t);
    } else {
      return;
    }
    const offset = Math.ceil(end / ALIGN) * ALIGN;
    plan.push({ index, bytes, offset });
    end = offset + bytes.length;
  });
  const data = new Uint8Array(end);
  const newInits = inits.map((t) => t);
  for (const p of plan) {
    data.set(p.bytes, p.offset);
    const t = cloneTensorShallow(inits[p.index]);
    setExternal(t, { location, offset: p.offset, length: p.bytes.length });
    newInits[p.index] = t;
  }
  const out: OnnxModel = { ...model, graph: { ...model.graph, initializers: newInits } };
  return { model: out, modelBytes: encodeModel(out), data, location, unchanged: false };
}
