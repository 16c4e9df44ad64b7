import { acquireGpu, withBufferScope } from '../gpu/index.ts';
import { createStatsAccumulator } from './stats.ts';
import type { Backend, LayerStats, StatName } from './types.ts';

/**
 * Raw activations kept for methods that measure output error (AWQ): a strided sample, because
 * 128 x 2048 tokens of a 4096-wide layer would be 4 GiB. 2048 tokens keep the search's cost at
 * 20 x 2 x tokens x out x in flops, under a second on a discrete GPU for 4096 x 4096.
 */
export const ACTIVATION_SAMPLE_TOKENS = 2048;

/** Calibration activations as a stream of sequences, each [seqlen, cols]. */
export interface SequenceSource {
  count: number;
  seqlen: number;
  sequence(index: number): Float32Array;
}

/** A [tokens, cols] block cut into sequences of `seqlen` tokens (the last may be shorter). */
export function sequencesOf(x: Float32Array, tokens: number, cols: number, seqlen = tokens): SequenceSource {
  return {
    count: Math.ceil(tokens / seqlen),
    seqlen,
    sequence: (j) => x.subarray(j * seqlen * cols, Math.min(tokens, (j + 1) * seqlen) * cols),
  };
}

/**
 * Statistics of calibration activations, fed sequence by sequence as the reference pipelines do
 * (nsamples counts sequences). GPU buffers are freed on return. Where a method needs raw
 * activations, every k-th token is kept so that at most `maxSampleTokens` remain.
 */
export async function collectStats(
  backend: Backend,
  cols: number,
  needs: StatName[],
  source: SequenceSource,
  maxSampleTokens = ACTIVATION_SAMPLE_TOKENS,
): Promise<LayerStats> {
  const accumulated = needs.filter((n) => n !== 'activations');
  const keepSample = needs.includes('activations');
  const stride = Math.max(1, Math.ceil((source.count * source.seqlen) / maxSampleTokens));
  const sample: Float32Array[] = [];
  let token = 0;
  const collect = async (): Promise<LayerStats> => {
    const acc = await createStatsAccumulator(backend, cols, accumulated);
    for (let j = 0; j < source.count; j++) {
      const x = source.sequence(j);
      acc.add(x, 1);
      if (keepSample) {
        const n = x.length / cols;
        for (let t = 0; t < n; t++, token++) {
          if (token % stride === 0) sample.push(x.slice(t * cols, (t + 1) * cols));
        }
      }
    }
    return acc.finish();
  };
  let stats: LayerStats;
  if (backend === 'cpu') {
    stats = await collect();
  } else {
    const gpu = await acquireGpu();
    stats = await withBufferScope(gpu.device, collect);
  }
  if (keepSample) {
    const data = new Float32Array(sample.length * cols);
    sample.forEach((row, i) => data.set(row, i * cols));
    stats.activations = data;
  }
  return stats;
}
