// Hessian preparation shared by SparseGPT and GPTQ (twin of shaders/hessian-*.wgsl):
// dead-column fix, optional act-order permutation, damping, and the upper Cholesky factor of the
// inverse that drives the OBS updates.
import { f32 } from './float.ts';
import { upperCholeskyOfInverse } from './cholesky.ts';

/**
 * add_batch of SparseGPT/GPTQ, one call per calibration sequence of `seqlen` tokens:
 * H *= n/(n+1); n += 1; H += (2/n) X_j^T X_j. Returns the [cols, cols] accumulator.
 */
export function accumulateHessian(x: Float32Array, tokens: number, cols: number, seqlen: number): Float32Array {
  const h = new Float32Array(cols * cols);
  const sums = new Float64Array(cols * cols);
  let n = 0;
  for (let t0 = 0; t0 < tokens; t0 += seqlen) {
    const t1 = Math.min(t0 + seqlen, tokens);
    sums.fill(0);
    for (let t = t0; t < t1; t++) {
      const row = t * cols;
      for (let i = 0; i < cols; i++) {
        const xi = x[row + i];
        if (xi === 0) continue;
        for (let j = 0; j < cols; j++) sums[i * cols + j] += xi * x[row + j];
      }
    }
    const keep = n / (n + 1);
    n += 1;
    const add = 2 / n;
    for (let i = 0; i < cols * cols; i++) h[i] = f32(f32(h[i] * keep) + f32(add * sums[i]));
  }
  return h;
}

export interface PreparedHessian {
  /** [n, n] upper triangular U with U^T U = (P^T H P + damp I)^-1, P the act-order permutation. */
  hinv: Float32Array;
  /** Input columns whose diag(H) was 0: the reference zeroes them in W and sets H[d, d] = 1. */
  dead: Uint8Array;
  /** perm[k] = original column processed k-th (act-order), or null for the identity. */
  perm: Int32Array | null;
  /** The damping added to the diagonal: damp * mean(diag H) after the dead-column fix. */
  damping: number;
}

/** Column order for act-order: argsort(diag H, descending), ties by index (a stable order). */
export function actOrderPermutation(diag: ArrayLike<number>): Int32Array {
  const idx = Int32Array.from({ length: diag.length }, (_, i) => i);
  // A rank by counting, as the GPU kernel does, so that both orders agree on ties.
  const perm = new Int32Array(diag.length);
  for (const i of idx) {
    let rank = 0;
    for (let j = 0; j < diag.length; j++) {
      if (diag[j] > diag[i] || (diag[j] === diag[i] && j < i)) rank++;
    }
    perm[rank] = i;
  }
  return perm;
}

/** Dead-column fix, act-order, damping and Hinv, in the reference's order (perm before damping). */
export function prepareHessian(h: Float32Array, n: number, damp: number, actOrder: boolean): PreparedHessian {
  const dead = new Uint8Array(n);
  const diag = new Float32Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = h[i * n + i];
    dead[i] = d === 0 ? 1 : 0;
    diag[i] = d === 0 ? 1 : d;
    sum += diag[i];
  }
  const damping = f32(damp * f32(sum / n));
  const perm = actOrder ? actOrderPermutation(diag) : null;
  const at = (k: number) => (perm ? perm[k] : k);
  const a = new Float32Array(n * n);
  for (let r = 0; r < n; r++) {
    const src = at(r);
    for (let c = 0; c < n; c++) a[r * n + c] = h[src * n + at(c)];
    a[r * n + r] = f32(diag[src] + damping);
  }
  return { hinv: upperCholeskyOfInverse(a, n), dead, perm, damping };
}
