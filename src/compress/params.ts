import { z } from 'zod';
import { CompressInputError, type CompressParams, type LayerStats, type NmPattern, type StatName, type WeightMatrix } from './types.ts';

const nm = z.object({ n: z.number().int().min(1), m: z.number().int().min(2) });

/**
 * CompressParams as they arrive from a share link, a saved sweep or the UI: types and plain ranges.
 * Checks that need the weight (N:M against the input width) are checkParams' job.
 */
export const compressParamsSchema = z
  .object({
    sparsity: z.number().min(0).lt(1).optional(),
    pattern: z.union([z.literal('unstructured'), nm]).optional(),
    bits: z.number().int().min(2).max(8).optional(),
    group: z.number().int().refine((g) => g === -1 || g >= 1, 'group must be a positive integer or -1').optional(),
    sym: z.boolean().optional(),
    actOrder: z.boolean().optional(),
    damp: z.number().min(0).optional(),
    blocksize: z.number().int().positive().optional(),
    clip: z.boolean().optional(),
    threshold: z.number().positive().optional(),
  })
  .strict();

/** "2:4" -> {n: 2, m: 4}; "unstructured" stays as it is. */
export function parsePattern(text: string): CompressParams['pattern'] {
  if (text === 'unstructured') return 'unstructured';
  const match = /^(\d+):(\d+)$/.exec(text);
  if (!match) throw new CompressInputError(`pattern must be "unstructured" or N:M such as 2:4, got "${text}"`);
  return { n: Number(match[1]), m: Number(match[2]) };
}

export function formatPattern(pattern: CompressParams['pattern']): string {
  return !pattern || pattern === 'unstructured' ? 'unstructured' : `${pattern.n}:${pattern.m}`;
}

export function nmPattern(params: CompressParams): NmPattern | null {
  return params.pattern && params.pattern !== 'unstructured' ? params.pattern : null;
}

/**
 * Checks the parameters that apply to `keys` against the weight; throws one clear line per the
 * first problem found.
 */
export function checkParams(keys: Array<keyof CompressParams>, params: CompressParams, weight: WeightMatrix): void {
  const has = (key: keyof CompressParams) => keys.includes(key);
  if (weight.data.length !== weight.rows * weight.cols) {
    throw new CompressInputError(
      `weight has ${weight.data.length} values but its shape ${weight.rows}x${weight.cols} needs ${weight.rows * weight.cols}`,
    );
  }
  const pattern = nmPattern(params);
  if (has('sparsity') && !pattern) {
    const s = params.sparsity;
    if (s === undefined || !Number.isFinite(s) || s < 0 || s >= 1) {
      throw new CompressInputError(`sparsity must be in [0, 1), got ${s}`);
    }
  }
  if (has('pattern') && pattern) {
    const { n, m } = pattern;
    if (!Number.isInteger(n) || !Number.isInteger(m) || m < 2 || n < 1 || n >= m) {
      throw new CompressInputError(`N:M pattern needs integers 1 <= N < M, got ${n}:${m}`);
    }
    if (weight.cols % m !== 0) {
      throw new CompressInputError(`N:M ${n}:${m} needs the input width (${weight.cols}) to be a multiple of ${m}`);
    }
  }
  if (has('bits')) {
    const b = params.bits;
    if (b === undefined || !Number.isInteger(b) || b < 2 || b > 8) {
      throw new CompressInputError(`bits must be an integer in 2..8, got ${b}`);
    }
  }
  if (has('group') && params.group !== undefined) {
    const g = params.group;
    if (!Number.isInteger(g) || (g < 1 && g !== -1)) {
      throw new CompressInputError(`group must be a positive integer or -1 (one group per row), got ${g}`);
    }
  }
  if (has('damp') && params.damp !== undefined && !(params.damp >= 0)) {
    throw new CompressInputError(`damp must be >= 0, got ${params.damp}`);
  }
  if (has('blocksize') && params.blocksize !== undefined && !(Number.isInteger(params.blocksize) && params.blocksize >= 1)) {
    throw new CompressInputError(`blocksize must be a positive integer, got ${params.blocksize}`);
  }
  if (has('threshold') && params.threshold !== undefined && !(params.threshold > 0)) {
    throw new CompressInputError(`threshold must be > 0, got ${params.threshold}`);
  }
}

/** Checks that every statistic a method needs is present and as wide as the weight's input. */
export function checkStats(methodLabel: string, needs: StatName[], stats: LayerStats | null, weight: WeightMatrix): void {
  if (needs.length === 0) return;
  if (!stats) {
    throw new CompressInputError(`${methodLabel} needs calibration data (${needs.join(', ')}); pass --calib`);
  }
  if (stats.cols !== weight.cols) {
    throw new CompressInputError(
      `calibration width ${stats.cols} does not match the weight's input width ${weight.cols}`,
    );
  }
  for (const need of needs) {
    if (!stats[need]) throw new CompressInputError(`${methodLabel} needs the ${need} statistic, which was not collected`);
  }
}
