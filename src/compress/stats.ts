// Calibration statistics of one linear layer, accumulated batch by batch on either backend.
import type { Gpu } from '../gpu/index.ts';
import { StatsTwin } from './reference/stats.ts';
import { type Backend, CompressInputError, type LayerStats, type StatName } from './types.ts';

export interface StatsAccumulator {
  readonly cols: number;
  readonly which: readonly StatName[];
  /**
   * Adds activations x [tokens, cols] holding `sequences` calibration sequences (the reference's
   * nsamples counts sequences). On WebGPU the batch is folded into GPU sums without a readback.
   */
  add(x: Float32Array, sequences: number): void;
  /** The statistics in the reference normalisations (see LayerStats); frees GPU buffers. */
  finish(): Promise<LayerStats>;
  /** Frees GPU buffers without reading them (after an error). */
  dispose(): void;
}

export interface StatsOptions {
  /** The device to use; acquired when absent. */
  gpu?: Gpu;
  /** Cap on upload size per dispatch, below the device's own binding limit. */
  maxBindingBytes?: number;
}

const KNOWN: readonly StatName[] = ['scalerRow', 'hessian', 'meanAbs', 'maxAbs', 'activations'];

/** Input checks shared by both backends, so that both reject the same batches with the same line. */
function checked(inner: StatsAccumulator): StatsAccumulator {
  let added = 0;
  return {
    cols: inner.cols,
    which: inner.which,
    add(x, sequences) {
      if (x.length === 0 || x.length % inner.cols !== 0) {
        throw new CompressInputError(`a calibration batch must hold whole rows of ${inner.cols} inputs, got ${x.length} values`);
      }
      if (!Number.isInteger(sequences) || sequences < 0) {
        throw new CompressInputError(`sequences must be a non-negative integer, got ${sequences}`);
      }
      inner.add(x, sequences);
      added += sequences;
    },
    finish() {
      if (added === 0) {
        inner.dispose();
        return Promise.reject(new CompressInputError('no calibration sequences were added; statistics need at least one'));
      }
      return inner.finish();
    },
    dispose: () => inner.dispose(),
  };
}

/**
 * An accumulator of the requested statistics for a layer with `cols` inputs. On WebGPU the sums
 * stay on the device until `finish` (create and finish it inside one buffer scope).
 */
export async function createStatsAccumulator(
  backend: Backend,
  cols: number,
  which: readonly StatName[],
  options: StatsOptions = {},
): Promise<StatsAccumulator> {
  if (!Number.isInteger(cols) || cols < 1) throw new CompressInputError(`cols must be a positive integer, got ${cols}`);
  const unknown = which.filter((w) => !KNOWN.includes(w));
  if (unknown.length) throw new CompressInputError(`unknown statistic ${unknown.join(', ')}; known: ${KNOWN.join(', ')}`);
  if (backend === 'cpu') {
    const twin = new StatsTwin(cols, which);
    return checked({
      cols,
      which,
      add: (x, s) => twin.add(x, s),
      finish: async () => twin.finish(),
      dispose: () => {},
    });
  }
  // Loaded on demand so that CPU-only callers never pull in the WebGPU code.
  const [{ acquireGpu }, { GpuStatsAccumulator }] = await Promise.all([import('../gpu/index.ts'), import('./gpu/stats.ts')]);
  const gpu = options.gpu ?? (await acquireGpu());
  return checked(new GpuStatsAccumulator(gpu, cols, which, options.maxBindingBytes));
}
