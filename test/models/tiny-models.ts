// Random-weight tiny decoders of every supported export layout, written in the Hugging Face repo
// layout that transformers.js loads: config.json, generation_config.json, tokenizer.json,
// tokenizer_config.json, onnx/model.onnx (+ onnx/model.onnx_data when the layout keeps external data).
import { encodeModel } from '../../src/model/onnx/encode.ts';
import { externalize } from '../../src/model/weights/externalize.ts';
import { buildDecoderGraph } from './decoder.ts';
import { LAYOUTS, TINY_DIMS, type LayoutName, type LayoutSpec, type TinyDims } from './layouts.ts';
import { tinyTokenizer } from './tokenizer.ts';

export interface TinyModelOptions {
  seed?: number;
  dims?: Partial<TinyDims>;
  /** Override the layout's choice of external data. */
  external?: boolean;
  /** Variations on the layout (e.g. linear: 'gemm_t' for [out, in] Gemm weights). */
  spec?: Partial<LayoutSpec>;
}

export interface TinyModel {
  files: RepoFiles;
  /** [out, in] weights by module path, as the builder drew them. */
  weights: Map<string, Float32Array>;
}

/** Repo-relative path -> bytes. */
export type RepoFiles = Map<string, Uint8Array>;

const json = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v, null, 1));

function configFor(spec: LayoutSpec, dims: TinyDims, kvHeads: number, external: boolean, bos: number, eos: number): Record<string, unknown> {
  const common = {
    architectures: [spec.architecture],
    model_type: spec.modelType,
    vocab_size: dims.vocab,
    bos_token_id: bos,
    eos_token_id: eos,
    tie_word_embeddings: spec.tiedEmbeddings,
    torch_dtype: 'float32',
    use_cache: true,
  };
  const jsConfig = external ? { 'transformers.js_config': { use_external_data_format: { 'model.onnx': true } } } : {};
  if (spec.stack === 'gpt2') {
    return {
      ...common,
      n_embd: dims.hidden,
      n_layer: dims.layers,
      n_head: dims.heads,
      n_inner: dims.intermediate,
      n_positions: dims.maxPositions,
      n_ctx: dims.maxPositions,
      activation_function: 'gelu_new',
      layer_norm_epsilon: 1e-5,
      ...jsConfig,
    };
  }
  return {
    ...common,
    hidden_size: dims.hidden,
    intermediate_size: dims.intermediate,
    num_hidden_layers: dims.layers,
    num_attention_heads: dims.heads,
    num_key_value_heads: kvHeads,
    head_dim: dims.headDim,
    max_position_embeddings: dims.maxPositions,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    hidden_act: spec.act === 'silu' ? 'silu' : 'gelu_pytorch_tanh',
    attention_bias: spec.qkvBias,
    pad_token_id: eos,
    ...jsConfig,
  };
}

export function buildTinyModel(layout: LayoutName, options: TinyModelOptions = {}): RepoFiles {
  return buildTinyModelWithWeights(layout, options).files;
}

export function buildTinyModelWithWeights(layout: LayoutName, options: TinyModelOptions = {}): TinyModel {
  const spec: LayoutSpec = { ...LAYOUTS[layout], ...options.spec };
  const dims: TinyDims = { ...TINY_DIMS, ...options.dims };
  const external = options.external ?? spec.external;
  const tok = tinyTokenizer();
  if (tok.vocabSize > dims.vocab) throw new Error(`vocab ${dims.vocab} is smaller than the tokenizer's ${tok.vocabSize}`);
  const { model, kvHeads, weights } = buildDecoderGraph(spec, dims, options.seed ?? 1);
  const files: RepoFiles = new Map();
  files.set('config.json', json(configFor(spec, dims, kvHeads, external, tok.bosId, tok.eosId)));
  files.set('generation_config.json', json({ bos_token_id: tok.bosId, eos_token_id: tok.eosId, pad_token_id: tok.eosId, do_sample: false }));
  files.set('tokenizer.json', json(tok.tokenizerJson));
  files.set('tokenizer_config.json', json(tok.tokenizerConfig));
  if (external) {
    const ext = externalize(model, new Map());
    files.set('onnx/model.onnx', ext.modelBytes);
    files.set('onnx/model.onnx_data', ext.data);
  } else {
    files.set('onnx/model.onnx', encodeModel(model));
  }
  return { files, weights };
}

export { LAYOUT_NAMES, TINY_DIMS } from './layouts.ts';
export type { LayoutName, TinyDims } from './layouts.ts';
