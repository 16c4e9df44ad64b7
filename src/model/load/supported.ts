// Decoder families whose ONNX export layouts the weight index understands (SmolLM 1/2 are llama).
export const SUPPORTED_MODEL_TYPES = ['llama', 'mistral', 'qwen2', 'qwen3', 'phi3', 'gemma', 'gpt2'] as const;
export type SupportedModelType = (typeof SUPPORTED_MODEL_TYPES)[number];

export function isSupportedModelType(t: unknown): t is SupportedModelType {
  return typeof t === 'string' && (SUPPORTED_MODEL_TYPES as readonly string[]).includes(t);
}
