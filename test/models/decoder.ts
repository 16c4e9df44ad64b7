// Builds a runnable random-weight decoder graph for a layout, with optimum's input and output
// names: input_ids, attention_mask, position_ids, past_key_values.N.key/value -> logits,
// present.N.key/value. Only batch and past length are symbolic in the cache inputs.
import { randn } from '../../src/compress/synthetic.ts';
import { DataType, type OnnxModel } from '../../src/model/onnx/types.ts';
import { f32Tensor, GraphBuilder, valueInfo } from './graph-builder.ts';
import type { LayoutSpec, TinyDims } from './layouts.ts';

const FLOAT = DataType.FLOAT;
const INT64 = DataType.INT64;

/** Transposes a row-major [rows, cols] matrix. */
export function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

interface Ctx {
  g: GraphBuilder;
  spec: LayoutSpec;
  dims: TinyDims;
  seed: number;
  /** Counter for torch's anonymous weight names (onnx::MatMul_NNN). */
  anon: number;
  eps: number;
  /** torch-layout [out, in] weights by module path, for checks against what the index reads. */
  weights: Map<string, Float32Array>;
}

function nextSeed(ctx: Ctx): number {
  ctx.seed = (ctx.seed * 1103515245 + 12345) >>> 0;
  return ctx.seed;
}

/** A random [out, in] weight scaled for unit-variance outputs. */
function randomWeight(ctx: Ctx, out: number, inp: number): Float32Array {
  return randn(out * inp, nextSeed(ctx), 1 / Math.sqrt(inp));
}

/**
 * A linear layer inside the current scope (the module path, e.g. model/layers.0/self_attn/q_proj).
 * Weight stored as the layout's exporter stores it; returns the output name.
 */
function linear(ctx: Ctx, x: string, modulePath: string, inp: number, out: number, bias: boolean): string {
  const { g, spec } = ctx;
  const w = randomWeight(ctx, out, inp); // torch layout [out, in]
  const torchName = modulePath.replaceAll('/', '.');
  ctx.weights.set(torchName, w);
  const b = bias ? randn(out, nextSeed(ctx), 0.1) : null;
  return g.within(modulePath, () => {
    if (spec.linear === 'matmul') {
      const wName = g.init(f32Tensor(`onnx::MatMul_${ctx.anon++}`, [inp, out], transpose(w, out, inp)));
      const y = g.o('MatMul', [x, wName]);
      return b ? g.o('Add', [g.init(f32Tensor(`${torchName}.bias`, [out], b)), y]) : y;
    }
    // Gemm needs 2-D input: flatten the leading dims, multiply, restore them (as Conv1D exports do).
    const shape = g.o('Shape', [x]);
    const lead = g.o('Slice', [shape, g.constI64([0]), g.constI64([-1]), g.constI64([0])]);
    const flat = g.o('Reshape', [x, g.constI64([-1, inp])]);
    const stored = spec.linear === 'gemm' ? f32Tensor(`${torchName}.weight`, [inp, out], transpose(w, out, inp)) : f32Tensor(`${torchName}.weight`, [out, inp], w);
    const inputs = [flat, g.init(stored)];
    if (b) inputs.push(g.init(f32Tensor(`${torchName}.bias`, [out], b)));
    const y = g.o('Gemm', inputs, { alpha: { float: 1 }, beta: { float: 1 }, transB: spec.linear === 'gemm_t' ? 1 : 0 });
    const outShape = g.o('Concat', [lead, g.constI64([out])], { axis: 0 });
    return g.o('Reshape', [y, outShape]);
  });
}

function norm(ctx: Ctx, x: string, modulePath: string, size: number): string {
  const { g, spec } = ctx;
  const torchName = modulePath.replaceAll('/', '.');
  const weight = new Float32Array(size);
  const noise = randn(size, nextSeed(ctx), 0.1);
  for (let i = 0; i < size; i++) weight[i] = (spec.norm === 'rms_plus_one' ? 0 : 1) + noise[i];
  return g.within(modulePath, () => {
    if (spec.norm === 'layernorm') {
      const bias = randn(size, nextSeed(ctx), 0.05);
      return g.o('LayerNormalization', [x, g.init(f32Tensor(`${torchName}.weight`, [size], weight)), g.init(f32Tensor(`${torchName}.bias`, [size], bias))], { axis: -1, epsilon: { float: ctx.eps } });
    }
    const sq = g.o('Pow', [x, g.constF32(2)]);
    const mean = g.o('ReduceMean', [sq], { axes: [-1], keepdims: 1 });
    const rms = g.o('Sqrt', [g.o('Add', [mean, g.constF32(ctx.eps)])]);
    const normed = g.o('Div', [x, rms]);
    let w = g.init(f32Tensor(`${torchName}.weight`, [size], weight));
    if (spec.norm === 'rms_plus_one') w = g.o('Add', [w, g.constF32(1)]);
    return g.o('Mul', [normed, w]);
  });
}

function activation(ctx: Ctx, x: string): string {
  const { g, spec } = ctx;
  if (spec.act === 'silu') return g.o('Mul', [x, g.o('Sigmoid', [x])]);
  // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
  const cube = g.o('Pow', [x, g.constF32(3)]);
  const inner = g.o('Mul', [g.o('Add', [x, g.o('Mul', [cube, g.constF32(0.044715)])]), g.constF32(Math.sqrt(2 / Math.PI))]);
  const t = g.o('Add', [g.o('Tanh', [inner]), g.constF32(1)]);
  return g.o('Mul', [g.o('Mul', [x, g.constF32(0.5)]), t]);
}

/** Slice along the last axis, [start, end). */
function lastAxisSlice(ctx: Ctx, x: string, start: number, end: number): string {
  const { g } = ctx;
  return g.o('Slice', [x, g.constI64([start]), g.constI64([end]), g.constI64([-1])]);
}

/** [b, s, n*hd] -> [b, n, s, hd] */
function splitHeads(ctx: Ctx, x: string, n: number): string {
  const { g, dims } = ctx;
  return g.o('Transpose', [g.o('Reshape', [x, g.constI64([0, 0, n, dims.headDim])])], { perm: [0, 2, 1, 3] });
}

function rotateHalf(ctx: Ctx, x: string): string {
  const { g, dims } = ctx;
  const half = dims.headDim / 2;
  const x1 = lastAxisSlice(ctx, x, 0, half);
  const x2 = lastAxisSlice(ctx, x, half, dims.headDim);
  return g.o('Concat', [g.o('Neg', [x2]), x1], { axis: -1 });
}

function applyRope(ctx: Ctx, x: string, cos: string, sin: string): string {
  const { g } = ctx;
  return g.o('Add', [g.o('Mul', [x, cos]), g.o('Mul', [rotateHalf(ctx, x), sin])]);
}

interface Shared {
  mask: string; // [b, 1, s, t] additive
  cos?: string; // [b, 1, s, hd]
  sin?: string;
}

function attention(ctx: Ctx, x: string, layer: number, sh: Shared, prefix: string): string {
  const { g, spec, dims } = ctx;
  const H = dims.heads;
  const KV = spec.kvHeads(H);
  const hd = dims.headDim;
  const attnPath = spec.stack === 'gpt2' ? `${prefix}/attn` : `${prefix}/self_attn`;
  let q: string;
  let k: string;
  let v: string;
  if (spec.fusedQkv) {
    const name = spec.stack === 'gpt2' ? 'c_attn' : 'qkv_proj';
    const qkv = linear(ctx, x, `${attnPath}/${name}`, dims.hidden, (H + 2 * KV) * hd, spec.stack === 'gpt2');
    [q, k, v] = g.within(attnPath, () => [
      lastAxisSlice(ctx, qkv, 0, H * hd),
      lastAxisSlice(ctx, qkv, H * hd, (H + KV) * hd),
      lastAxisSlice(ctx, qkv, (H + KV) * hd, (H + 2 * KV) * hd),
    ]);
  } else {
    q = linear(ctx, x, `${attnPath}/q_proj`, dims.hidden, H * hd, spec.qkvBias);
    k = linear(ctx, x, `${attnPath}/k_proj`, dims.hidden, KV * hd, spec.qkvBias);
    v = linear(ctx, x, `${attnPath}/v_proj`, dims.hidden, KV * hd, spec.qkvBias);
  }
  if (spec.qkNorm) {
    // Qwen3 normalises each head before RoPE: [b, s, n, hd] over hd.
    q = g.within(attnPath, () => g.o('Reshape', [q, g.constI64([0, 0, H, hd])]));
    k = g.within(attnPath, () => g.o('Reshape', [k, g.constI64([0, 0, KV, hd])]));
    q = norm(ctx, q, `${attnPath}/q_norm`, hd);
    k = norm(ctx, k, `${attnPath}/k_norm`, hd);
  }
  const context = g.within(attnPath, () => {
    let qh = splitHeads(ctx, q, H);
    let kh = splitHeads(ctx, k, KV);
    const vh = splitHeads(ctx, v, KV);
    if (sh.cos && sh.sin) {
      qh = applyRope(ctx, qh, sh.cos, sh.sin);
      kh = applyRope(ctx, kh, sh.cos, sh.sin);
    }
    const kAll = g.op('Concat', [`past_key_values.${layer}.key`, kh], { axis: 2 }, 1, [`present.${layer}.key`])[0];
    const vAll = g.op('Concat', [`past_key_values.${layer}.value`, vh], { axis: 2 }, 1, [`present.${layer}.value`])[0];
    const repeat = (t: string): string => {
      if (KV === H) return t;
      const expanded = g.o('Expand', [g.o('Unsqueeze', [t, g.constI64([2])]), g.constI64([1, 1, H / KV, 1, 1])]);
      return g.o('Reshape', [expanded, g.constI64([0, H, -1, hd])]);
    };
    const scores = g.o('Mul', [g.o('MatMul', [qh, g.o('Transpose', [repeat(kAll)], { perm: [0, 1, 3, 2] })]), g.constF32(1 / Math.sqrt(hd))]);
    const probs = g.o('Softmax', [g.o('Add', [scores, sh.mask])], { axis: -1 });
    const ctxh = g.o('MatMul', [probs, repeat(vAll)]);
    return g.o('Reshape', [g.o('Transpose', [ctxh], { perm: [0, 2, 1, 3] }), g.constI64([0, 0, H * hd])]);
  });
  const oName = spec.stack === 'gpt2' ? 'c_proj' : 'o_proj';
  return linear(ctx, context, `${attnPath}/${oName}`, H * hd, dims.hidden, spec.stack === 'gpt2');
}

function mlp(ctx: Ctx, x: string, prefix: string): string {
  const { g, spec, dims } = ctx;
  const I = dims.intermediate;
  const path = `${prefix}/mlp`;
  if (!spec.gated) {
    const h = linear(ctx, x, `${path}/c_fc`, dims.hidden, I, true);
    const a = g.within(`${path}/act`, () => activation(ctx, h));
    return linear(ctx, a, `${path}/c_proj`, I, dims.hidden, true);
  }
  let gate: string;
  let up: string;
  if (spec.fusedGateUp) {
    const gu = linear(ctx, x, `${path}/gate_up_proj`, dims.hidden, 2 * I, false);
    [gate, up] = g.within(path, () => [lastAxisSlice(ctx, gu, 0, I), lastAxisSlice(ctx, gu, I, 2 * I)]);
  } else {
    gate = linear(ctx, x, `${path}/gate_proj`, dims.hidden, I, false);
    up = linear(ctx, x, `${path}/up_proj`, dims.hidden, I, false);
  }
  const h = g.within(`${path}/act_fn`, () => activation(ctx, gate));
  const prod = g.within(path, () => g.o('Mul', [h, up]));
  return linear(ctx, prod, `${path}/down_proj`, I, dims.hidden, false);
}

export interface BuiltGraph {
  model: OnnxModel;
  kvHeads: number;
  /** [out, in] weight of every linear layer (and lm_head) by module path. */
  weights: Map<string, Float32Array>;
}

export function buildDecoderGraph(spec: LayoutSpec, dims: TinyDims, seed: number): BuiltGraph {
  const g = new GraphBuilder();
  const ctx: Ctx = { g, spec, dims, seed: seed >>> 0 || 1, anon: 1000, eps: 1e-5, weights: new Map() };
  const H = dims.heads;
  const KV = spec.kvHeads(H);
  const hd = dims.headDim;
  const root = spec.stack === 'gpt2' ? 'transformer' : 'model';

  g.inputs.push(valueInfo('input_ids', INT64, ['batch_size', 'sequence_length']));
  g.inputs.push(valueInfo('attention_mask', INT64, ['batch_size', 'total_sequence_length']));
  g.inputs.push(valueInfo('position_ids', INT64, ['batch_size', 'sequence_length']));
  for (let l = 0; l < dims.layers; l++) {
    for (const kv of ['key', 'value']) g.inputs.push(valueInfo(`past_key_values.${l}.${kv}`, FLOAT, ['batch_size', KV, 'past_sequence_length', hd]));
  }
  g.outputs.push(valueInfo('logits', FLOAT, ['batch_size', 'sequence_length', dims.vocab]));
  for (let l = 0; l < dims.layers; l++) {
    for (const kv of ['key', 'value']) g.outputs.push(valueInfo(`present.${l}.${kv}`, FLOAT, ['batch_size', KV, 'total_sequence_length', hd]));
  }

  const embedWeight = randn(dims.vocab * dims.hidden, nextSeed(ctx), 1);
  const embedName = spec.stack === 'gpt2' ? 'transformer.wte.weight' : 'model.embed_tokens.weight';
  const embedPath = spec.stack === 'gpt2' ? 'transformer/wte' : 'model/embed_tokens';
  let hidden = g.within(embedPath, () => g.o('Gather', [g.init(f32Tensor(embedName, [dims.vocab, dims.hidden], embedWeight)), 'input_ids']));
  if (spec.embedScale) hidden = g.within(root, () => g.o('Mul', [hidden, g.constF32(Math.sqrt(dims.hidden))]));

  const shared = g.within(root, (): Shared => {
    // Causal + padding mask over [past | current] keys: query i (absolute past+i) sees keys j <= past+i.
    const total = g.o('Gather', [g.o('Shape', ['attention_mask']), g.constI64([1], true)], { axis: 0 });
    const seq = g.o('Gather', [g.o('Shape', ['input_ids']), g.constI64([1], true)], { axis: 0 });
    const past = g.o('Sub', [total, seq]);
    const one = g.constI64([1], true);
    const keyPos = g.o('Unsqueeze', [g.o('Range', [g.constI64([0], true), total, one]), g.constI64([0])]);
    const queryPos = g.o('Unsqueeze', [g.o('Range', [past, total, one]), g.constI64([1])]);
    const causal = g.o('LessOrEqual', [keyPos, queryPos]); // [s, t]
    const padding = g.o('Unsqueeze', [g.o('Cast', ['attention_mask'], { to: DataType.BOOL }), g.constI64([1, 2])]); // [b,1,1,t]
    const allowed = g.o('And', [padding, causal]);
    const mask = g.o('Where', [allowed, g.constF32(0), g.constF32(-1e9)]);
    if (spec.positions === 'learned') return { mask };
    const invFreq = new Float32Array(hd / 2);
    for (let i = 0; i < hd / 2; i++) invFreq[i] = 1 / Math.pow(10000, (2 * i) / hd);
    const pos = g.o('Unsqueeze', [g.o('Cast', ['position_ids'], { to: DataType.FLOAT }), g.constI64([2])]);
    const freqs = g.o('Mul', [pos, g.init(f32Tensor('model.rotary_emb.inv_freq', [hd / 2], invFreq))]);
    const emb = g.o('Concat', [freqs, freqs], { axis: -1 });
    const cos = g.o('Unsqueeze', [g.o('Cos', [emb]), g.constI64([1])]);
    const sin = g.o('Unsqueeze', [g.o('Sin', [emb]), g.constI64([1])]);
    return { mask, cos, sin };
  });
  if (spec.positions === 'learned') {
    const wpe = randn(dims.maxPositions * dims.hidden, nextSeed(ctx), 0.1);
    const posEmb = g.within('transformer/wpe', () => g.o('Gather', [g.init(f32Tensor('transformer.wpe.weight', [dims.maxPositions, dims.hidden], wpe)), 'position_ids']));
    hidden = g.within(root, () => g.o('Add', [hidden, posEmb]));
  }

  for (let l = 0; l < dims.layers; l++) {
    const prefix = spec.stack === 'gpt2' ? `transformer/h.${l}` : `model/layers.${l}`;
    const n1 = norm(ctx, hidden, spec.stack === 'gpt2' ? `${prefix}/ln_1` : `${prefix}/input_layernorm`, dims.hidden);
    const attn = attention(ctx, n1, l, shared, prefix);
    hidden = g.within(prefix, () => g.o('Add', [hidden, attn]));
    const n2 = norm(ctx, hidden, spec.stack === 'gpt2' ? `${prefix}/ln_2` : `${prefix}/post_attention_layernorm`, dims.hidden);
    const m = mlp(ctx, n2, prefix);
    hidden = g.within(prefix, () => g.o('Add', [hidden, m]));
  }
  const final = norm(ctx, hidden, spec.stack === 'gpt2' ? 'transformer/ln_f' : 'model/norm', dims.hidden);
  // A tied lm_head is exported as a transposed copy of the embedding, under its own anonymous name.
  const headOutIn = spec.tiedEmbeddings ? embedWeight : randomWeight(ctx, dims.vocab, dims.hidden);
  ctx.weights.set('lm_head', headOutIn);
  g.within('lm_head', () => {
    const w = g.init(f32Tensor(`onnx::MatMul_${ctx.anon++}`, [dims.hidden, dims.vocab], transpose(headOutIn, dims.vocab, dims.hidden)));
    g.op('MatMul', [final, w], {}, 1, ['logits']);
  });
  return { model: g.model(spec.opset), kvHeads: KV, weights: ctx.weights };
}
