// The calibration model: the decoder graph with the input of every indexed linear layer exposed as
// an extra graph output named after the weight's module path. Layers that read the same tensor
// (q, k and v read the normed hidden state) share one capture: one output, one statistics sum.
import type { LinearWeight } from '../weights/index-weights.ts';
import { encodeModel } from '../onnx/encode.ts';
import { DataType, type OnnxModel, type OnnxValueInfo } from '../onnx/types.ts';

export interface Capture {
  /** Graph output name: the module path of the first layer reading the tensor. */
  output: string;
  /** The tensor inside the graph that the linear layers multiply. */
  tensor: string;
  /** Input features (the last dimension of the captured tensor). */
  cols: number;
  /** Decoder layer of the layers reading it (null for lm_head). */
  layer: number | null;
  /** Every indexed layer reading this tensor, in graph order. */
  modules: string[];
}

export interface CaptureModel {
  /** model.onnx bytes of the calibration graph; weights stay external, as in the source model. */
  modelBytes: Uint8Array;
  captures: Capture[];
  /** Module path -> its capture. */
  byModule: Map<string, Capture>;
}

export class CaptureGraphError extends Error {
  override name = 'CaptureGraphError';
}

/** Groups linear layers by the tensor they read, in graph order. */
export function capturesOf(model: OnnxModel, linears: readonly LinearWeight[]): Capture[] {
  const nodes = new Map(model.graph.nodes.map((n) => [n.name, n]));
  const byTensor = new Map<string, Capture>();
  for (const l of linears) {
    const node = nodes.get(l.nodeName);
    if (!node) throw new CaptureGraphError(`${l.module}: node ${l.nodeName} is not in the graph`);
    const tensor = node.inputs[0];
    const known = byTensor.get(tensor);
    if (known) {
      if (known.cols !== l.inFeatures) throw new CaptureGraphError(`${l.module}: reads ${tensor} as ${l.inFeatures} inputs, ${known.modules[0]} as ${known.cols}`);
      known.modules.push(l.module);
      continue;
    }
    byTensor.set(tensor, { output: l.module, tensor, cols: l.inFeatures, layer: l.layer, modules: [l.module] });
  }
  return [...byTensor.values()];
}

/** Element type of the activations a weight multiplies: fp16 weights meet fp16 activations. */
function activationType(model: OnnxModel, tensor: string, weight: LinearWeight): number {
  const g = model.graph;
  const declared = [...g.valueInfo, ...g.inputs, ...g.outputs].find((v) => v.name === tensor)?.tensorType?.elemType;
  if (declared) return declared;
  return weight.dtype === 'fp16' ? DataType.FLOAT16 : DataType.FLOAT;
}

/**
 * Adds one Identity node and graph output per captured tensor (an output must be produced by a
 * node under its own name, and the module path is the name callers look up). The source model is
 * not modified.
 */
export function buildCaptureModel(model: OnnxModel, linears: readonly LinearWeight[]): CaptureModel {
  const captures = capturesOf(model, linears);
  const g = model.graph;
  const taken = new Set<string>([...g.inputs.map((v) => v.name), ...g.outputs.map((v) => v.name), ...g.initializers.map((t) => t.name)]);
  for (const n of g.nodes) for (const o of n.outputs) taken.add(o);
  const weightOf = new Map(linears.map((l) => [l.module, l]));
  const extraNodes = [];
  const extraOutputs: OnnxValueInfo[] = [];
  for (const c of captures) {
    if (taken.has(c.output)) throw new CaptureGraphError(`cannot expose ${c.tensor} as "${c.output}": the graph already has a value of that name`);
    extraNodes.push({ opType: 'Identity', name: `/capture/${c.output}`, inputs: [c.tensor], outputs: [c.output], attributes: [], extra: [] });
    extraOutputs.push({ name: c.output, tensorType: { elemType: activationType(model, c.tensor, weightOf.get(c.modules[0])!) }, extra: [] });
  }
  const calibration: OnnxModel = {
    ...model,
    graph: { ...g, nodes: [...g.nodes, ...extraNodes], outputs: [...g.outputs, ...extraOutputs] },
  };
  return { modelBytes: encodeModel(calibration), captures, byModule: new Map(captures.flatMap((c) => c.modules.map((m) => [m, c] as const))) };
}
