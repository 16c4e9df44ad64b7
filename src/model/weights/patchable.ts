// From resolved files to the form the compression loop works on: the decoded graph, the weight
// index, model.onnx rewritten to read every weight from one external buffer, and that buffer as
// the read-only master copy.
import { DATA_FILE, externalize } from './externalize.ts';
import { externalRef } from '../onnx/tensor-data.ts';
import { indexWeights, type IndexOptions, type WeightIndex } from './index-weights.ts';
import { decodeModel } from '../onnx/decode.ts';
import { checkExternalData, decodeModelFile } from './model-files.ts';
import type { OnnxModel } from '../onnx/types.ts';
import { WeightStore } from './weight-store.ts';
import { hasFp16, widenFp16 } from './widen-fp16.ts';

/** What sessions and the compression loop need of a model: all of it but its dense bytes. */
export interface ModelGraph {
  model: OnnxModel;
  /** model.onnx bytes whose weights all live in `DATA_FILE`. */
  modelBytes: Uint8Array;
  /** The external data's file name as model.onnx names it (model.onnx_data, or model_fp16.onnx_data kept in place). */
  dataLocation: string;
  index: WeightIndex;
  /** Session option for transformers.js with this model's bytes (the patched copy, or the master). */
  externalData(bytes: Uint8Array): Array<{ path: string; data: Uint8Array }>;
}

export interface PatchableModel extends ModelGraph {
  /** Dense external data: the master copy (never written). */
  master: Uint8Array;
  /** A store over the master, with its patched copy, for one compression run. */
  newStore(): WeightStore;
}

/**
 * The model without its dense bytes, so that holding it does not keep them in memory. Its
 * externalData is a new function: makePatchable's closures share one scope that holds the dense
 * bytes (newStore reads them), so keeping any of them would keep the bytes alive.
 */
export function graphOf(patchable: PatchableModel): ModelGraph {
  const { model, modelBytes, dataLocation, index } = patchable;
  return { model, modelBytes, dataLocation, index, externalData: (data) => [{ path: dataLocation, data }] };
}

/**
 * `files` holds repo-relative paths (onnx/model.onnx, onnx/model.onnx_data...), as resolveModel
 * returns them; external locations in the graph are relative to the onnx/ folder.
 */
export function makePatchable(files: ReadonlyMap<string, Uint8Array>, onnxFile = 'onnx/model.onnx', options: IndexOptions = {}): PatchableModel {
  const bytes = files.get(onnxFile);
  if (!bytes) throw new Error(`${onnxFile} is not among the resolved files`);
  const folder = onnxFile.slice(0, onnxFile.lastIndexOf('/') + 1);
  const dataByLocation = new Map<string, Uint8Array>();
  for (const [path, data] of files) if (path.startsWith(folder) && path !== onnxFile) dataByLocation.set(path.slice(folder.length), data);
  const decoded = decodeModelFile(bytes, onnxFile);
  checkExternalData(decoded, dataByLocation, folder);
  // fp16 sources are widened to fp32 once, here (widen-fp16.ts says why).
  const widened = hasFp16(decoded) ? widenFp16(decoded, dataByLocation) : null;
  const weights = indexWeights(decoded, { includeLmHead: true }).linears.map((l) => l.initializer);
  // A single data file is used in place under its own name: no copy of the weights.
  const locations = new Set(decoded.graph.initializers.map((t) => externalRef(t)?.location).filter((l): l is string => l !== undefined));
  const location = locations.size === 1 ? [...locations][0] : DATA_FILE;
  const ext = externalize(decoded, dataByLocation, { alwaysMove: weights, location }, widened ? undefined : bytes);
  const model = ext.unchanged ? decoded : decodeModel(ext.modelBytes);
  const index = indexWeights(model, options);
  return {
    model,
    modelBytes: ext.modelBytes,
    master: ext.data,
    dataLocation: location,
    index,
    externalData: (data) => [{ path: location, data }],
    newStore: () => new WeightStore(ext.data),
  };
}
