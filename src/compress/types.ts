/** Where a method runs: WGSL kernels on WebGPU, or their TypeScript twins on the CPU. */
export type Backend = 'webgpu' | 'cpu';

/** A linear layer's weight in torch's nn.Linear layout [out, in], row-major float32. */
export interface WeightMatrix {
  data: Float32Array;
  rows: number; // out features
  cols: number; // in features
}

/**
 * Input statistics of one linear layer, in the reference code's normalisations. `nsamples` counts
 * calibration sequences (one forward call each), as every reference accumulator does.
 */
export interface LayerStats {
  cols: number;
  nsamples: number;
  tokens: number;
  /** Wanda's scaler_row: sum over tokens of x^2, divided by nsamples. */
  scalerRow?: Float32Array;
  /** [in, in] Hessian 2/nsamples * sum over tokens of x x^T (SparseGPT, GPTQ). */
  hessian?: Float32Array;
  /** Mean over tokens of |x| per input channel (AWQ). */
  meanAbs?: Float32Array;
  /** Max over tokens of |x| per input channel (LLM.int8 outlier columns). */
  maxAbs?: Float32Array;
  /**
   * Raw activations [sampled, in], kept where a method measures output error (AWQ search and clip):
   * every token, or a strided sample of them (sampled = length / in, at most `tokens`) when the
   * calibration set is larger than the pass keeps (collect-stats' ACTIVATION_SAMPLE_TOKENS).
   */
  activations?: Float32Array;
}

export type StatName = 'scalerRow' | 'hessian' | 'meanAbs' | 'maxAbs' | 'activations';

/** N of every M consecutive inputs pruned, per output row. */
export interface NmPattern {
  n: number;
  m: number;
}

export interface CompressParams {
  /** Fraction pruned, in [0, 1). Ignored for N:M (always n/m). */
  sparsity?: number;
  pattern?: 'unstructured' | NmPattern;
  /** Quantizer bit width, 2..8. */
  bits?: number;
  /** Quantization group size along the inputs; -1 means one group per output row. */
  group?: number;
  sym?: boolean;
  actOrder?: boolean;
  /** Hessian damping as a fraction of mean(diag H). */
  damp?: number;
  /** Columns per OBS block (SparseGPT, GPTQ). */
  blocksize?: number;
  /** AWQ: also search per-group clipping ranges. */
  clip?: boolean;
  /** LLM.int8: activation magnitude above which an input column stays in full precision. */
  threshold?: number;
}

/** Integer codes packed little-endian into u32 words, with per-group dequantisation parameters. */
export interface PackedWeight {
  bits: number;
  rows: number;
  cols: number;
  /** Columns per group; equals cols for per-row quantisation. */
  group: number;
  /** Codes, `floor(32 / bits)` per word, row-major, each row starting on a fresh word. */
  words: Uint32Array;
  /** [rows, ceil(cols / group)] */
  scale: Float32Array;
  /** [rows, ceil(cols / group)], integers stored as float */
  zero: Float32Array;
  /** Input column -> group, present when act-order permuted the groups. */
  gIdx?: Int32Array;
}

export interface CompressReport {
  /** Fraction of exact zeros in the output weight. */
  sparsity: number;
  /** Bits per weight of the stored form (32 when unquantised; int8 counts kept fp32 columns). */
  bits: number;
  /** ||out - W||_F / ||W||_F */
  relErr: number;
  ms: number;
  backend: Backend;
}

export interface CompressResult {
  weight: Float32Array;
  /** 1 = pruned. Present for pruning methods and combinations. */
  mask?: Uint8Array;
  packed?: PackedWeight;
  /** Method-specific extras kept for inspection and golden checks (AWQ scales, GPTQ perm...). */
  extras?: Record<string, Float32Array | Int32Array>;
  report: CompressReport;
}

export interface RunContext {
  backend: Backend;
  /** Optional cap on GPU binding size, below the device's own limit; tests use it to force tiling. */
  maxBindingBytes?: number;
}

/** Raised for every input the registry or CLI rejects; the message is one line the user can act on. */
export class CompressInputError extends Error {
  override name = 'CompressInputError';
}
