// What each compression method is, without its kernels: whether it prunes or quantizes, and its
// name. The page imports this (labels, setup) where the registry, which pulls in every method's
// GPU code, must not go; method-kinds.test.ts keeps it in step with the registry.
export type MethodId = 'magnitude' | 'wanda' | 'sparsegpt' | 'rtn' | 'gptq' | 'awq' | 'int8';

export type StepKind = 'prune' | 'quantize';

export interface MethodFacts {
  kind: StepKind;
  label: string;
}

export const METHOD_KINDS: Readonly<Record<MethodId, MethodFacts>> = Object.freeze({
  magnitude: { kind: 'prune', label: 'Magnitude' },
  wanda: { kind: 'prune', label: 'Wanda' },
  sparsegpt: { kind: 'prune', label: 'SparseGPT' },
  rtn: { kind: 'quantize', label: 'RTN' },
  gptq: { kind: 'quantize', label: 'GPTQ' },
  awq: { kind: 'quantize', label: 'AWQ' },
  int8: { kind: 'quantize', label: 'LLM.int8' },
});

/** Whether a single method prunes or quantizes; null for an id that is not a known method. */
export function stepKind(method: string): StepKind | null {
  return Object.hasOwn(METHOD_KINDS, method) ? METHOD_KINDS[method as MethodId].kind : null;
}
