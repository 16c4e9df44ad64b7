// A plain TypeScript forward pass of a Llama-layout decoder (RMSNorm, RoPE with rotate-half,
// grouped-query causal attention, SiLU-gated MLP), written from the architecture and not from the
// ONNX graph, that returns the input of every linear layer. It is the independent reference the
// graph captures are checked against, for one sequence with an empty cache. Sums run in float64.
import type { OnnxModel } from '../../src/model/onnx/types.ts';
import { externalRef, inlineBytes } from '../../src/model/onnx/tensor-data.ts';

export interface LlamaShape {
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  intermediate: number;
  layers: number;
  eps: number;
  ropeTheta: number;
}

/** [out, in] float32 weight or a vector, by torch name (model.layers.0.input_layernorm.weight...). */
export type ParamLookup = (name: string) => Float32Array;

/** Reads a float32 initializer by name, inline or from the external files (by location). */
export function initializerReader(model: OnnxModel, dataByLocation: ReadonlyMap<string, Uint8Array>): ParamLookup {
  const inits = new Map(model.graph.initializers.map((t) => [t.name, t]));
  return (name) => {
    const t = inits.get(name);
    if (!t) throw new Error(`no initializer ${name}`);
    const ref = externalRef(t);
    let bytes: Uint8Array;
    if (ref) {
      const file = dataByLocation.get(ref.location);
      if (!file) throw new Error(`${name}: external file ${ref.location} not given`);
      bytes = file.subarray(ref.offset, ref.offset + ref.length);
    } else bytes = inlineBytes(t);
    return new Float32Array(bytes.slice().buffer);
  };
}

function matmulT(x: Float64Array, tokens: number, w: Float32Array, out: number, inp: number): Float64Array {
  const y = new Float64Array(tokens * out);
  for (let t = 0; t < tokens; t++) {
    for (let o = 0; o < out; o++) {
      let s = 0;
      for (let i = 0; i < inp; i++) s += x[t * inp + i] * w[o * inp + i];
      y[t * out + o] = s;
    }
  }
  return y;
}

function rmsNorm(x: Float64Array, tokens: number, size: number, w: Float32Array, eps: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let t = 0; t < tokens; t++) {
    let ss = 0;
    for (let i = 0; i < size; i++) ss += x[t * size + i] ** 2;
    const r = Math.sqrt(ss / size + eps);
    for (let i = 0; i < size; i++) y[t * size + i] = (x[t * size + i] / r) * w[i];
  }
  return y;
}

/** RoPE on [tokens, n, hd] in place: x*cos + rotate_half(x)*sin, rotate_half(x) = [-x2, x1]. */
function rope(x: Float64Array, tokens: number, n: number, hd: number, theta: number): void {
  const half = hd / 2;
  for (let t = 0; t < tokens; t++) {
    for (let h = 0; h < n; h++) {
      const base = (t * n + h) * hd;
      const orig = x.slice(base, base + hd);
      for (let i = 0; i < hd; i++) {
        const f = i % half;
        const angle = t * Math.fround(1 / Math.pow(theta, (2 * f) / hd));
        const rotated = i < half ? -orig[i + half] : orig[i - half];
        x[base + i] = orig[i] * Math.cos(angle) + rotated * Math.sin(angle);
      }
    }
  }
}

const f32 = (x: Float64Array): Float32Array => Float32Array.from(x);

/** Inputs of every linear layer by module path, for one sequence of token ids. */
export function llamaLinearInputs(ids: readonly number[], shape: LlamaShape, param: ParamLookup, weight: ParamLookup): Map<string, Float32Array> {
  const { hidden: D, heads: H, kvHeads: KV, headDim: hd, intermediate: I, eps } = shape;
  const T = ids.length;
  const captured = new Map<string, Float32Array>();
  const embed = param('model.embed_tokens.weight');
  let x = new Float64Array(T * D);
  ids.forEach((id, t) => {
    for (let i = 0; i < D; i++) x[t * D + i] = embed[id * D + i];
  });
  for (let l = 0; l < shape.layers; l++) {
    const p = `model.layers.${l}`;
    const n1 = rmsNorm(x, T, D, param(`${p}.input_layernorm.weight`), eps);
    for (const m of ['q_proj', 'k_proj', 'v_proj']) captured.set(`${p}.self_attn.${m}`, f32(n1));
    const q = matmulT(n1, T, weight(`${p}.self_attn.q_proj`), H * hd, D);
    const k = matmulT(n1, T, weight(`${p}.self_attn.k_proj`), KV * hd, D);
    const v = matmulT(n1, T, weight(`${p}.self_attn.v_proj`), KV * hd, D);
    rope(q, T, H, hd, shape.ropeTheta);
    rope(k, T, KV, hd, shape.ropeTheta);
    const ctx = new Float64Array(T * H * hd);
    const group = H / KV;
    for (let h = 0; h < H; h++) {
      const kvh = Math.floor(h / group);
      for (let i = 0; i < T; i++) {
        const scores = new Float64Array(i + 1);
        let max = -Infinity;
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let d = 0; d < hd; d++) s += q[(i * H + h) * hd + d] * k[(j * KV + kvh) * hd + d];
          scores[j] = s / Math.sqrt(hd);
          max = Math.max(max, scores[j]);
        }
        let z = 0;
        for (let j = 0; j <= i; j++) z += (scores[j] = Math.exp(scores[j] - max));
        for (let d = 0; d < hd; d++) {
          let s = 0;
          for (let j = 0; j <= i; j++) s += (scores[j] / z) * v[(j * KV + kvh) * hd + d];
          ctx[(i * H + h) * hd + d] = s;
        }
      }
    }
    captured.set(`${p}.self_attn.o_proj`, f32(ctx));
    const attnOut = matmulT(ctx, T, weight(`${p}.self_attn.o_proj`), D, H * hd);
    x = x.map((val, i) => val + attnOut[i]);
    const n2 = rmsNorm(x, T, D, param(`${p}.post_attention_layernorm.weight`), eps);
    for (const m of ['gate_proj', 'up_proj']) captured.set(`${p}.mlp.${m}`, f32(n2));
    const gate = matmulT(n2, T, weight(`${p}.mlp.gate_proj`), I, D);
    const up = matmulT(n2, T, weight(`${p}.mlp.up_proj`), I, D);
    const act = gate.map((g, i) => (g / (1 + Math.exp(-g))) * up[i]);
    captured.set(`${p}.mlp.down_proj`, f32(act));
    const down = matmulT(act, T, weight(`${p}.mlp.down_proj`), D, I);
    x = x.map((val, i) => val + down[i]);
  }
  captured.set('lm_head', f32(rmsNorm(x, T, D, param('model.norm.weight'), eps)));
  return captured;
}
