// Broken model files named with what is wrong in them, before ONNX Runtime sees them: a truncated
// model.onnx would otherwise surface as a decoder error without a file name, and a truncated
// model.onnx_data as ORT's raw "Out of bounds".
import { decodeModel, OnnxFormatError } from '../onnx/decode.ts';
import { externalRef } from '../onnx/tensor-data.ts';
import type { OnnxModel } from '../onnx/types.ts';

/** A model file that cannot be used as it is; the name keeps "onnx" so the lab reports it in 'index'. */
export class OnnxFileError extends Error {
  override name = 'OnnxFileError';
}

/** Decodes `file`'s bytes, naming the file and, for a truncated one, the bytes it has and needs. */
export function decodeModelFile(bytes: Uint8Array, file: string): OnnxModel {
  try {
    return decodeModel(bytes);
  } catch (error) {
    if (!(error instanceof OnnxFormatError)) throw error;
    if (error.needBytes !== null) {
      throw new OnnxFileError(`${file} is truncated: it has ${bytes.length} bytes, but its contents run to at least ${error.needBytes}; download it again`);
    }
    throw new OnnxFileError(`${file} (${bytes.length} bytes) is ${error.message}; download it again or choose another export`);
  }
}

/**
 * Every external tensor's byte range against the file that holds it. `files` maps locations as
 * the graph names them to bytes; `folder` is prefixed to them in messages (e.g. "onnx/").
 */
export function checkExternalData(model: OnnxModel, files: ReadonlyMap<string, Uint8Array>, folder: string): void {
  const need = new Map<string, { bytes: number; tensor: string; offset: number; end: number }>();
  for (const t of model.graph.initializers) {
    const ref = externalRef(t);
    if (!ref) continue;
    const end = ref.offset + ref.length;
    const known = need.get(ref.location);
    if (!known) need.set(ref.location, { bytes: end, tensor: t.name, offset: ref.offset, end });
    else if (end > known.bytes) need.set(ref.location, { ...known, bytes: end });
  }
  for (const [location, furthest] of need) {
    const data = files.get(location);
    if (!data) throw new OnnxFileError(`${folder}${location}, the external data of tensor ${furthest.tensor}, was not downloaded`);
    if (furthest.bytes <= data.length) continue;
    // Name the first tensor (in graph order) whose bytes run past the end.
    const cut = model.graph.initializers.find((t) => {
      const ref = externalRef(t);
      return ref !== null && ref.location === location && ref.offset + ref.length > data.length;
    })!;
    const ref = externalRef(cut)!;
    throw new OnnxFileError(
      `${folder}${location} is truncated: it has ${data.length} bytes, but tensor ${cut.name} reads bytes ${ref.offset}..${ref.offset + ref.length} and the weights need ${furthest.bytes}; download it again`,
    );
  }
}
