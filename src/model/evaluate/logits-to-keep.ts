// The session's graph with a `num_logits_to_keep` input, as newer Hugging Face exports have: the
// hidden states are cut to their last N positions before lm_head, so a pass computes and returns
// logits only where they are read. Generation reads one position per row and MCR's scoring one
// per example, while a prompt pass of kick-tiny spends about a seventh of its arithmetic on
// lm_head (vocab 2048 x hidden 256) and returns as many logit bytes as KV cache bytes. 0 keeps
// every position (what transformers.js's own calls send).
import { encodeModel } from '../onnx/encode.ts';
import { DataType, type OnnxModel, type OnnxNode, type OnnxTensor } from '../onnx/types.ts';
import type { ModelGraph } from '../weights/patchable.ts';

export const LOGITS_TO_KEEP_INPUT = 'num_logits_to_keep';

const PREFIX = '/kick/logits_to_keep';

function int64Tensor(name: string, values: bigint[]): OnnxTensor {
  const data = BigInt64Array.from(values);
  return { name, dims: [values.length], dataType: DataType.INT64, rawData: new Uint8Array(data.buffer), extra: [] };
}

const node = (opType: string, name: string, inputs: string[], outputs: string[]): OnnxNode => ({ opType, name: `${PREFIX}/${name}`, inputs, outputs, attributes: [], extra: [] });

/** Why the graph cannot be given the input, or null when it can. */
export function logitsToKeepProblem(model: OnnxModel, lmHeadNode: string | undefined): string | null {
  const g = model.graph;
  if (g.inputs.some((i) => i.name === LOGITS_TO_KEEP_INPUT)) return 'the graph already takes num_logits_to_keep';
  const opset = model.opsetImport.find((o) => !o.domain)?.version ?? 0;
  // Slice takes its bounds as inputs from opset 10.
  if (opset < 10) return `opset ${opset} is older than 10`;
  const head = g.nodes.find((n) => n.name === lmHeadNode);
  if (!head) return 'no lm_head node was found';
  if (head.opType !== 'MatMul') return `lm_head is a ${head.opType}, not a MatMul over [batch, positions, hidden]`;
  if (!g.outputs.some((o) => o.name === 'logits')) return 'the graph has no logits output';
  if (g.nodes.some((n) => n.name.startsWith(`${PREFIX}/`))) return 'the graph was rewritten already';
  return null;
}

/**
 * The model with `num_logits_to_keep` (int64 scalar) slicing lm_head's input to its last N
 * positions (-N..end on axis 1; N = 0 keeps all, as does N past the sequence), or null with the
 * graph unchanged where logitsToKeepProblem says why not. The source model is not modified.
 */
export function withLogitsToKeep(model: OnnxModel, lmHeadNode: string | undefined): OnnxModel | null {
  if (logitsToKeepProblem(model, lmHeadNode)) return null;
  const g = model.graph;
  const hidden = g.nodes.find((n) => n.name === lmHeadNode)!.inputs[0];
  const names = { neg: `${PREFIX}/negated`, shape: `${PREFIX}/one`, starts: `${PREFIX}/starts`, ends: `${PREFIX}/ends`, axes: `${PREFIX}/axes`, kept: `${PREFIX}/hidden` };
  const nodes = [
    node('Neg', 'Neg', [LOGITS_TO_KEEP_INPUT], [names.neg]),
    node('Reshape', 'Reshape', [names.neg, names.shape], [names.starts]),
    node('Slice', 'Slice', [hidden, names.starts, names.ends, names.axes], [names.kept]),
  ];
  const at = g.nodes.findIndex((n) => n.name === lmHeadNode);
  const rewired = g.nodes.map((n, i) => (i === at ? { ...n, inputs: [names.kept, ...n.inputs.slice(1)] } : n));
  return {
    ...model,
    graph: {
      ...g,
      nodes: [...rewired.slice(0, at), ...nodes, ...rewired.slice(at)],
      inputs: [...g.inputs, { name: LOGITS_TO_KEEP_INPUT, tensorType: { elemType: DataType.INT64, shape: [] }, extra: [] }],
      initializers: [...g.initializers, int64Tensor(names.shape, [1n]), int64Tensor(names.ends, [2n ** 63n - 1n]), int64Tensor(names.axes, [1n])],
    },
  };
}

const served = new WeakMap<ModelGraph, Uint8Array>();

/** model.onnx bytes a session of `patchable` runs: with num_logits_to_keep where it can be added. */
export function sessionModelBytes(patchable: ModelGraph): Uint8Array {
  let bytes = served.get(patchable);
  if (!bytes) {
    const rewritten = withLogitsToKeep(patchable.model, patchable.index.lmHead?.nodeName);
    bytes = rewritten ? encodeModel(rewritten) : patchable.modelBytes;
    served.set(patchable, bytes);
  }
  return bytes;
}
