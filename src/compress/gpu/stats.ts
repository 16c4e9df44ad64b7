import columnsWgsl from '../../../shaders/stats-columns.wgsl?raw';
import {
  bindingLimit,
  type Dispatch,
  type Gpu,
  GpuLimitError,
  readF32,
  releaseBuffer,
  storageBuffer,
  submitDispatches,
  uniformBuffer,
  uploadBuffer,
  withErrorScopes,
} from '../../gpu/index.ts';
import type { LayerStats, StatName } from '../types.ts';
import { matmulDispatch } from './matmul.ts';

const COLUMN_STATS: readonly StatName[] = ['scalerRow', 'meanAbs', 'maxAbs'];

/**
 * Running calibration statistics on the GPU (twin: StatsTwin in src/compress/reference/stats.ts).
 * Batches are uploaded and folded into GPU-resident sums, with nothing read back until `finish`:
 * per-column sum x^2, sum |x| and max |x| (stats-columns.wgsl), and X^T X through the matmul
 * kernel with beta = 1. `finish` applies the reference normalisations.
 * Raw activations, where asked for, are kept on the CPU.
 */
export class GpuStatsAccumulator {
  private readonly columns: GPUBuffer | null;
  private readonly gram: GPUBuffer | null;
  private readonly kept: Float32Array[] = [];
  private readonly maxTokensPerUpload: number;
  private sequences = 0;
  private tokens = 0;
  private done = false;

  constructor(
    private readonly gpu: Gpu,
    readonly cols: number,
    readonly which: readonly StatName[],
    maxBindingBytes?: number,
  ) {
    const limit = bindingLimit(gpu, maxBindingBytes);
    if (which.includes('hessian') && cols * cols * 4 > limit) {
      throw new GpuLimitError(
        `A ${cols}x${cols} Hessian (${cols * cols * 4} bytes) exceeds this GPU's binding limit (${limit}); use the CPU backend.`,
      );
    }
    this.maxTokensPerUpload = Math.max(1, Math.floor(limit / (cols * 4)));
    this.columns = which.some((w) => COLUMN_STATS.includes(w)) ? storageBuffer(gpu, 3 * cols * 4, 'column stats') : null;
    this.gram = which.includes('hessian') ? storageBuffer(gpu, cols * cols * 4, 'X^T X') : null;
  }

  /** Adds a batch x [tokens, cols] holding `sequences` calibration sequences. */
  add(x: Float32Array, sequences: number): void {
    if (this.done) throw new Error('statistics already finished');
    const { gpu, cols } = this;
    const tokens = x.length / cols;
    for (let t0 = 0; t0 < tokens; t0 += this.maxTokensPerUpload) {
      const n = Math.min(this.maxTokensPerUpload, tokens - t0);
      const chunk = uploadBuffer(gpu, x.subarray(t0 * cols, (t0 + n) * cols), 'activations');
      const dispatches: Dispatch[] = [];
      if (this.columns) {
        const params = uniformBuffer(gpu, [{ u32: n }, { u32: cols }, { u32: 0 }, { u32: 0 }]);
        dispatches.push({
          code: columnsWgsl,
          bindings: [chunk, this.columns, params],
          workgroups: [Math.ceil(cols / 64)],
          label: 'stats columns',
        });
      }
      if (this.gram) {
        const view = { buffer: chunk, offset: 0, ld: cols };
        dispatches.push(
          matmulDispatch(gpu, view, view, { buffer: this.gram, offset: 0, ld: cols }, {
            m: cols, n: cols, k: n, transA: true, alpha: 1, beta: 1,
          }),
        );
      }
      submitDispatches(gpu, dispatches);
      // Destroying after submit is allowed: WebGPU keeps the buffers alive until the work is done.
      const scratch = new Set(dispatches.flatMap((d) => d.bindings));
      scratch.delete(this.columns!);
      scratch.delete(this.gram!);
      for (const buffer of scratch) releaseBuffer(gpu.device, buffer);
    }
    if (this.which.includes('activations')) this.kept.push(x.slice());
    this.tokens += tokens;
    this.sequences += sequences;
  }

  /** Reads the sums back, normalises them as the reference does, and frees the GPU buffers. */
  async finish(): Promise<LayerStats> {
    if (this.done) throw new Error('statistics already finished');
    this.done = true;
    const { gpu, cols, which, sequences: nsamples, tokens } = this;
    const stats: LayerStats = { cols, nsamples, tokens };
    try {
      await withErrorScopes(gpu, async () => {
        if (this.columns) {
          const sums = await readF32(gpu, this.columns, 3 * cols);
          if (which.includes('scalerRow')) stats.scalerRow = Float32Array.from(sums.subarray(0, cols), (v) => v / nsamples);
          if (which.includes('meanAbs')) stats.meanAbs = Float32Array.from(sums.subarray(cols, 2 * cols), (v) => v / tokens);
          if (which.includes('maxAbs')) stats.maxAbs = sums.slice(2 * cols);
        }
        if (this.gram) {
          const h = await readF32(gpu, this.gram, cols * cols);
          const scale = 2 / nsamples;
          for (let i = 0; i < h.length; i++) h[i] *= scale;
          stats.hessian = h;
        }
      });
    } finally {
      this.dispose();
    }
    if (which.includes('activations')) {
      const all = new Float32Array(tokens * cols);
      let at = 0;
      for (const part of this.kept) {
        all.set(part, at);
        at += part.length;
      }
      stats.activations = all;
    }
    return stats;
  }

  /** Frees the GPU sums (finish does it too). */
  dispose(): void {
    this.done = true;
    for (const buffer of [this.columns, this.gram]) {
      if (buffer) releaseBuffer(this.gpu.device, buffer);
    }
  }
}
