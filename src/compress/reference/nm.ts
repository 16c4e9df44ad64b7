// N:M semi-structured pruning over any score: the twin of shaders/nm-mask.wgsl.
import { CompressInputError, type NmPattern } from '../types.ts';

/** Throws a CompressInputError (one line) unless n:m can be applied to rows of `cols` inputs. */
export function checkNmPattern(pattern: NmPattern, cols: number): void {
  const { n, m } = pattern;
  if (!Number.isInteger(n) || !Number.isInteger(m) || n < 1 || m < 2 || n >= m) {
    throw new CompressInputError(`N:M pattern ${n}:${m} is invalid: need integers with 1 <= N < M.`);
  }
  if (cols % m !== 0) {
    throw new CompressInputError(`N:M pattern ${n}:${m} needs the input width (${cols}) to be a multiple of ${m}.`);
  }
}

/**
 * In each row of a [rows, cols] score matrix, every group of m consecutive columns starting at a
 * multiple of m prunes its n smallest |score| (1 = pruned). Among equal scores the lower column is
 * pruned first; the reference's torch.topk(largest=False) leaves that order unspecified, and the
 * golden data has no ties inside a group.
 */
export function nmMask(score: Float32Array, rows: number, cols: number, pattern: NmPattern): Uint8Array {
  checkNmPattern(pattern, cols);
  const { n, m } = pattern;
  const mask = new Uint8Array(rows * cols);
  for (let g = 0; g < rows * cols; g += m) {
    for (let a = 0; a < m; a++) {
      const s = Math.abs(score[g + a]);
      // Rank = group members that sort before this one; the n lowest ranks are pruned.
      let rank = 0;
      for (let b = 0; b < m; b++) {
        const t = Math.abs(score[g + b]);
        if (t < s || (t === s && b < a)) rank++;
      }
      if (rank < n) mask[g + a] = 1;
    }
  }
  return mask;
}
