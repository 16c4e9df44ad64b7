// Finds the linear weights of a decoder by reading its ONNX graph. Weights are identified by the
// node that uses them (torch exports name Llama weights onnx::MatMul_NNN, so only the node name
// "/model/layers.0/self_attn/q_proj/MatMul" carries the module path), never by initializer name.
import { externalRef, type ExternalRef } from '../onnx/tensor-data.ts';
import { DataType, type OnnxModel, type OnnxNode, type OnnxTensor } from '../onnx/types.ts';

export type LinearRole = 'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down' | 'qkv' | 'gate_up' | 'c_attn' | 'c_fc' | 'c_proj' | 'lm_head';
export type WeightDtype = 'fp32' | 'fp16';

const ROLE_BY_MODULE: Record<string, LinearRole> = {
  q_proj: 'q',
  k_proj: 'k',
  v_proj: 'v',
  o_proj: 'o',
  gate_proj: 'gate',
  up_proj: 'up',
  down_proj: 'down',
  qkv_proj: 'qkv',
  gate_up_proj: 'gate_up',
  c_attn: 'c_attn',
  c_fc: 'c_fc',
  c_proj: 'c_proj',
};

/** Operators that mean the weights are already quantised (q4/q8 exports). */
const QUANTIZED_OPS = new Set(['MatMulNBits', 'MatMulInteger', 'QLinearMatMul', 'DequantizeLinear', 'DynamicQuantizeLinear', 'GatherBlockQuantized', 'MatMulIntegerToFloat']);

export interface LinearWeight {
  /** torch module path, e.g. model.layers.0.self_attn.q_proj */
  module: string;
  role: LinearRole;
  /** Decoder layer, or null for lm_head. */
  layer: number | null;
  nodeName: string;
  opType: 'MatMul' | 'Gemm';
  initializer: string;
  outFeatures: number;
  inFeatures: number;
  /** Dims as stored: [in, out] for MatMul and Gemm transB=0, [out, in] for Gemm transB=1. */
  storedDims: [number, number];
  /** True when stored [in, out], the transpose of torch's [out, in]. */
  storedInOut: boolean;
  dtype: WeightDtype;
  /** Byte range in the external data, or null while the weight is inline in model.onnx. */
  data: ExternalRef | null;
  /** Other nodes reading the same initializer (a tied lm_head and embedding). */
  sharedWith: string[];
}

export interface EmbeddingWeight {
  module: string;
  initializer: string;
  dims: number[];
}

export interface UnrecognisedLinear {
  nodeName: string;
  initializer: string;
  reason: string;
}

export interface WeightIndex {
  /** Linear weights inside the decoder layers in graph order; lm_head appended when asked for. */
  linears: LinearWeight[];
  lmHead: LinearWeight | null;
  embeddings: EmbeddingWeight[];
  numLayers: number;
  /** Weight-bearing MatMul/Gemm nodes in the layers that fit no known role. */
  unrecognised: UnrecognisedLinear[];
  /** The graph uses quantised operators (a q4/q8 export): its weights cannot be patched as floats. */
  quantized: boolean;
}

export class UnsupportedLayoutError extends Error {}

/** "/model/layers.0/self_attn/q_proj/MatMul" -> "model.layers.0.self_attn.q_proj" */
export function modulePathOfNode(nodeName: string): string | null {
  const parts = nodeName.split('/').filter(Boolean);
  if (parts.length < 2) return null;
  return parts.slice(0, -1).join('.');
}

/** "transformer.h.0.attn.c_attn.weight" -> "transformer.h.0.attn.c_attn" (fallback when nodes are unnamed). */
function modulePathOfInitializer(name: string): string | null {
  if (name.startsWith('onnx::') || !name.includes('.')) return null;
  return name.replace(/\.(weight|bias)$/, '');
}

const LAYER_RE = /(?:^|\.)(?:layers|h|layer|blocks|block)\.(\d+)(?:\.|$)/;

export function layerOfModule(module: string): number | null {
  const m = LAYER_RE.exec(module);
  return m ? Number(m[1]) : null;
}

function dtypeOf(t: OnnxTensor): WeightDtype | null {
  if (t.dataType === DataType.FLOAT) return 'fp32';
  if (t.dataType === DataType.FLOAT16) return 'fp16';
  return null;
}

function intAttr(node: OnnxNode, name: string, fallback: number): number {
  const a = node.attributes.find((x) => x.name === name);
  return a?.i !== undefined ? Number(a.i) : fallback;
}

export interface IndexOptions {
  /** Put lm_head into `linears` too (LLM-KICK keeps it dense; off by default). */
  includeLmHead?: boolean;
}

export function indexWeights(model: OnnxModel, options: IndexOptions = {}): WeightIndex {
  const graph = model.graph;
  const inits = new Map(graph.initializers.map((t) => [t.name, t]));
  const consumers = new Map<string, string[]>();
  for (const n of graph.nodes) for (const i of n.inputs) if (inits.has(i)) consumers.set(i, [...(consumers.get(i) ?? []), n.name]);

  const linears: LinearWeight[] = [];
  const unrecognised: UnrecognisedLinear[] = [];
  const embeddings: EmbeddingWeight[] = [];
  let lmHead: LinearWeight | null = null;
  let quantized = false;

  for (const node of graph.nodes) {
    if (QUANTIZED_OPS.has(node.opType)) quantized = true;
    if (node.opType === 'Gather' && inits.has(node.inputs[0])) {
      const t = inits.get(node.inputs[0])!;
      if (t.dims.length === 2) embeddings.push({ module: modulePathOfNode(node.name) ?? modulePathOfInitializer(t.name) ?? t.name, initializer: t.name, dims: [...t.dims] });
      continue;
    }
    if (node.opType !== 'MatMul' && node.opType !== 'Gemm') continue;
    const w = inits.get(node.inputs[1]);
    if (!w || w.dims.length !== 2) continue;
    const module = modulePathOfNode(node.name) ?? modulePathOfInitializer(w.name);
    const isLmHead = (module !== null && /(^|\.)lm_head$/.test(module)) || node.outputs[0] === 'logits';
    const layer = module ? layerOfModule(module) : null;
    if (!isLmHead && layer === null) continue; // outside the decoder stack (e.g. a projector)
    const lastSegment = module?.split('.').pop() ?? '';
    const role: LinearRole | undefined = isLmHead ? 'lm_head' : ROLE_BY_MODULE[lastSegment];
    const dtype = dtypeOf(w);
    if (!role || !dtype || !module) {
      unrecognised.push({ nodeName: node.name, initializer: w.name, reason: !dtype ? `weight data type ${w.dataType} is not fp32 or fp16` : `module "${module ?? '?'}" has no known role` });
      continue;
    }
    let storedInOut = true;
    if (node.opType === 'Gemm') {
      if (intAttr(node, 'transA', 0) !== 0) {
        unrecognised.push({ nodeName: node.name, initializer: w.name, reason: 'Gemm with transA=1' });
        continue;
      }
      storedInOut = intAttr(node, 'transB', 0) === 0;
    }
    const [d0, d1] = w.dims;
    const entry: LinearWeight = {
      module,
      role,
      layer: isLmHead ? null : layer,
      nodeName: node.name,
      opType: node.opType,
      initializer: w.name,
      inFeatures: storedInOut ? d0 : d1,
      outFeatures: storedInOut ? d1 : d0,
      storedDims: [d0, d1],
      storedInOut,
      dtype,
      data: externalRef(w),
      sharedWith: (consumers.get(w.name) ?? []).filter((n) => n !== node.name),
    };
    if (isLmHead) lmHead = entry;
    else linears.push(entry);
  }
  if (linears.length === 0 && !quantized) {
    throw new UnsupportedLayoutError('no linear weights found inside decoder layers (expected MatMul/Gemm nodes named like /model/layers.N/... or /transformer/h.N/...)');
  }
  const numLayers = linears.reduce((m, l) => Math.max(m, (l.layer ?? -1) + 1), 0);
  if (options.includeLmHead && lmHead) linears.push(lmHead);
  return { linears, lmHead, embeddings, numLayers, unrecognised, quantized };
}
