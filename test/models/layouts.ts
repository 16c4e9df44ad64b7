// The export layouts of the decoder families the lab supports, as small specs the builder follows.
// Names, fusions and weight layouts mirror what optimum / torch.onnx.export produce for each family.

export type LayoutName = 'llama' | 'mistral' | 'qwen2' | 'qwen3' | 'phi3' | 'gemma' | 'smollm' | 'gpt2';

export const LAYOUT_NAMES: LayoutName[] = ['llama', 'mistral', 'qwen2', 'qwen3', 'phi3', 'gemma', 'smollm', 'gpt2'];

/** How a linear layer is written: MatMul on [in,out]; Gemm on [in,out] (Conv1D); Gemm transB=1 on [out,in]. */
export type LinearStyle = 'matmul' | 'gemm' | 'gemm_t';

export interface LayoutSpec {
  name: LayoutName;
  modelType: string;
  architecture: string;
  /** Module prefix of the decoder stack: model.layers.N or transformer.h.N. */
  stack: 'llama' | 'gpt2';
  linear: LinearStyle;
  fusedQkv: boolean;
  fusedGateUp: boolean;
  qkvBias: boolean;
  qkNorm: boolean;
  norm: 'rms' | 'rms_plus_one' | 'layernorm';
  act: 'silu' | 'gelu_tanh';
  gated: boolean;
  positions: 'rope' | 'learned';
  embedScale: boolean;
  tiedEmbeddings: boolean;
  /** Grouped-query attention: fewer key/value heads than query heads. */
  kvHeads: (heads: number) => number;
  /** Weights in onnx/model.onnx_data (as optimum writes them above its size threshold) or inline. */
  external: boolean;
  opset: number;
}

const llamaLike: Omit<LayoutSpec, 'name' | 'modelType' | 'architecture'> = {
  stack: 'llama',
  linear: 'matmul',
  fusedQkv: false,
  fusedGateUp: false,
  qkvBias: false,
  qkNorm: false,
  norm: 'rms',
  act: 'silu',
  gated: true,
  positions: 'rope',
  embedScale: false,
  tiedEmbeddings: false,
  kvHeads: (h) => h / 2,
  external: true,
  opset: 17,
};

export const LAYOUTS: Record<LayoutName, LayoutSpec> = {
  llama: { ...llamaLike, name: 'llama', modelType: 'llama', architecture: 'LlamaForCausalLM' },
  mistral: { ...llamaLike, name: 'mistral', modelType: 'mistral', architecture: 'MistralForCausalLM', opset: 14 },
  qwen2: { ...llamaLike, name: 'qwen2', modelType: 'qwen2', architecture: 'Qwen2ForCausalLM', qkvBias: true, tiedEmbeddings: true },
  qwen3: { ...llamaLike, name: 'qwen3', modelType: 'qwen3', architecture: 'Qwen3ForCausalLM', qkNorm: true, tiedEmbeddings: true },
  phi3: { ...llamaLike, name: 'phi3', modelType: 'phi3', architecture: 'Phi3ForCausalLM', fusedQkv: true, fusedGateUp: true, kvHeads: (h) => h },
  gemma: { ...llamaLike, name: 'gemma', modelType: 'gemma', architecture: 'GemmaForCausalLM', norm: 'rms_plus_one', act: 'gelu_tanh', embedScale: true, tiedEmbeddings: true, kvHeads: () => 1 },
  smollm: { ...llamaLike, name: 'smollm', modelType: 'llama', architecture: 'LlamaForCausalLM', tiedEmbeddings: true, external: false },
  gpt2: {
    ...llamaLike,
    name: 'gpt2',
    modelType: 'gpt2',
    architecture: 'GPT2LMHeadModel',
    stack: 'gpt2',
    linear: 'gemm',
    fusedQkv: true,
    norm: 'layernorm',
    act: 'gelu_tanh',
    gated: false,
    positions: 'learned',
    tiedEmbeddings: true,
    kvHeads: (h) => h,
    external: false,
    opset: 17,
  },
};

export interface TinyDims {
  vocab: number;
  hidden: number;
  heads: number;
  headDim: number;
  intermediate: number;
  layers: number;
  maxPositions: number;
}

export const TINY_DIMS: TinyDims = { vocab: 300, hidden: 32, heads: 4, headDim: 8, intermediate: 64, layers: 2, maxPositions: 128 };
