import nmWgsl from '../../../shaders/nm-mask.wgsl?raw';
import { type Dispatch, type Gpu, grid1D, uniformBuffer } from '../../gpu/index.ts';
import { checkNmPattern } from '../reference/nm.ts';
import type { NmPattern } from '../types.ts';
import { maskWords } from './mask.ts';

/**
 * The dispatch writing the N:M bit mask of a [rows, cols] score buffer (pruning the n smallest
 * |score| of every aligned group of m). Rejects invalid patterns with a CompressInputError.
 */
export function nmMaskDispatch(
  gpu: Gpu,
  score: GPUBuffer,
  mask: GPUBuffer,
  rows: number,
  cols: number,
  pattern: NmPattern,
): Dispatch {
  checkNmPattern(pattern, cols);
  const words = maskWords(cols);
  const groups = grid1D(gpu, rows * words, 256);
  const params = uniformBuffer(gpu, [
    { u32: rows }, { u32: cols }, { u32: words }, { u32: groups[0] },
    { u32: pattern.n }, { u32: pattern.m }, { u32: 0 }, { u32: 0 },
  ]);
  return { code: nmWgsl, bindings: [score, mask, params], workgroups: groups, label: 'nm mask' };
}
