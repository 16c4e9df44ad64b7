// An fp16 export made from an fp32 one, as optimum's fp16 exports are: fp16 weights and
// activations, casts to fp16, the repo's ONNX file named model_fp16.onnx. For the widening tests.
import { floatToHalf } from '../../src/model/weights/fp16.ts';
import { decodeModel } from '../../src/model/onnx/decode.ts';
import { encodeModel } from '../../src/model/onnx/encode.ts';
import { inlineBytes } from '../../src/model/onnx/tensor-data.ts';
import { DataType, type OnnxGraph, type OnnxModel } from '../../src/model/onnx/types.ts';
import type { RepoFiles } from './tiny-models.ts';

function narrowGraph(g: OnnxGraph): void {
  for (const t of g.initializers) {
    if (t.dataType !== DataType.FLOAT) continue;
    const bytes = inlineBytes(t);
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const halves = Uint16Array.from(floats, floatToHalf);
    t.dataType = DataType.FLOAT16;
    t.rawData = new Uint8Array(halves.buffer);
    delete t.floatData;
  }
  for (const v of [...g.inputs, ...g.outputs, ...g.valueInfo]) if (v.tensorType?.elemType === DataType.FLOAT) v.tensorType.elemType = DataType.FLOAT16;
  for (const n of g.nodes) for (const a of n.attributes) if (n.opType === 'Cast' && a.name === 'to' && Number(a.i) === DataType.FLOAT) a.i = DataType.FLOAT16;
}

/** `files` must hold an inline-weight onnx/model.onnx; returns the repo with onnx/model_fp16.onnx instead. */
export function narrowRepoToFp16(files: RepoFiles): { files: RepoFiles; model: OnnxModel } {
  const bytes = files.get('onnx/model.onnx');
  if (!bytes) throw new Error('onnx/model.onnx is missing');
  if (files.has('onnx/model.onnx_data')) throw new Error('narrowRepoToFp16 takes inline-weight models');
  const model = decodeModel(bytes);
  narrowGraph(model.graph);
  const out: RepoFiles = new Map([...files].filter(([k]) => k !== 'onnx/model.onnx'));
  out.set('onnx/model_fp16.onnx', encodeModel(model));
  return { files: out, model };
}
