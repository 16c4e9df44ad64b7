import diagWgsl from '../../../shaders/cholesky-diag.wgsl?raw';
import panelWgsl from '../../../shaders/cholesky-panel.wgsl?raw';
import trinvWgsl from '../../../shaders/cholesky-trinv.wgsl?raw';
import reverseWgsl from '../../../shaders/cholesky-reverse.wgsl?raw';
import {
  type Dispatch,
  type Gpu,
  grid1D,
  readU32,
  releaseBuffer,
  storageBuffer,
  submitDispatches,
  uniformBuffer,
} from '../../gpu/index.ts';
import { NotPositiveDefiniteError } from '../reference/cholesky.ts';
import { matmulDispatch } from './matmul.ts';

/** Columns per Cholesky / inverse step; the diagonal-block kernel holds a 64x64 block in workgroup memory. */
export const CHOLESKY_BLOCK = 64;
const B = CHOLESKY_BLOCK;

// Steps per command buffer: keeps each submission short on GPUs with a watchdog.
const STEPS_PER_SUBMIT = 16;

// Triangular products are split into at most this many bands of whole 64-wide tiles, so that the
// general matmul skips most of the zero (or never read) triangle: about half the work, few dispatches.
const MAX_BANDS = 8;

/** [start, end) bands of whole tiles covering [0, length). */
function bands(length: number): Array<[number, number]> {
  const size = B * Math.max(1, Math.ceil(length / B / MAX_BANDS));
  const out: Array<[number, number]> = [];
  for (let s = 0; s < length; s += size) out.push([s, Math.min(s + size, length)]);
  return out;
}

function submitInChunks(gpu: Gpu, steps: Dispatch[][]): void {
  for (let s = 0; s < steps.length; s += STEPS_PER_SUBMIT) {
    submitDispatches(gpu, steps.slice(s, s + STEPS_PER_SUBMIT).flat());
  }
}

/**
 * In-place lower Cholesky factor of the [n, n] SPD matrix in `a` (the upper triangle is read as its
 * mirror and left zero): per 64-column step, factor the diagonal block, solve the panel below it,
 * and update the trailing matrix with one matmul. `status[0]` becomes 1 on a non-positive pivot.
 */
export function choleskySteps(gpu: Gpu, a: GPUBuffer, n: number, status: GPUBuffer, panel: GPUBuffer): Dispatch[][] {
  const steps: Dispatch[][] = [];
  for (let k0 = 0; k0 < n; k0 += B) {
    const bs = Math.min(B, n - k0);
    const below = n - k0 - bs;
    const step: Dispatch[] = [
      {
        code: diagWgsl,
        bindings: [a, status, uniformBuffer(gpu, [{ u32: n }, { u32: k0 }, { u32: bs }])],
        workgroups: [1],
        label: 'cholesky diag',
      },
    ];
    if (below > 0) {
      const groups = grid1D(gpu, below, 64);
      step.push({
        code: panelWgsl,
        bindings: [a, panel, uniformBuffer(gpu, [{ u32: n }, { u32: k0 }, { u32: bs }, { u32: groups[0] }])],
        workgroups: groups,
        label: 'cholesky panel',
      });
      // A22 -= L21 L21^T on the lower triangle only (band of rows [b0, b1) x columns [0, b1)):
      // entries above the diagonal are never read and get zeroed by later panel steps.
      const start = (k0 + bs) * n + k0 + bs;
      for (const [b0, b1] of bands(below)) {
        step.push(
          matmulDispatch(
            gpu,
            { buffer: panel, offset: b0 * B, ld: B },
            { buffer: panel, offset: 0, ld: B },
            { buffer: a, offset: start + b0 * n, ld: n },
            { m: b1 - b0, n: b1, k: bs, transB: true, alpha: -1, beta: 1 },
          ),
        );
      }
    }
    steps.push(step);
  }
  return steps;
}

/** X = L^-1 (lower triangular) by block rows; `x` must be zero-filled, `t` holds [64, n] floats. */
export function invertLowerSteps(gpu: Gpu, l: GPUBuffer, x: GPUBuffer, t: GPUBuffer, n: number): Dispatch[][] {
  const steps: Dispatch[][] = [];
  for (let r0 = 0; r0 < n; r0 += B) {
    const bs = Math.min(B, n - r0);
    const step: Dispatch[] = [];
    // t = L[r0:, :r0] X[:r0, :r0] by column bands [c0, c1): X is lower triangular, so rows
    // above c0 of X contribute nothing to those columns and the product starts at k = c0.
    for (const [c0, c1] of bands(r0)) {
      step.push(
        matmulDispatch(
          gpu,
          { buffer: l, offset: r0 * n + c0, ld: n },
          { buffer: x, offset: c0 * n + c0, ld: n },
          { buffer: t, offset: c0, ld: n },
          { m: bs, n: c1 - c0, k: r0 - c0 },
        ),
      );
    }
    const groups = grid1D(gpu, r0 + bs, 64);
    step.push({
      code: trinvWgsl,
      bindings: [l, t, x, uniformBuffer(gpu, [{ u32: n }, { u32: r0 }, { u32: bs }, { u32: groups[0] }])],
      workgroups: groups,
      label: 'cholesky trinv',
    });
    steps.push(step);
  }
  return steps;
}

export function reverseDispatch(gpu: Gpu, src: GPUBuffer, dst: GPUBuffer, n: number): Dispatch {
  return {
    code: reverseWgsl,
    bindings: [src, dst, uniformBuffer(gpu, [{ u32: n }])],
    workgroups: [Math.ceil(n / 16), Math.ceil(n / 16), 1],
    label: 'cholesky reverse',
  };
}

/**
 * Overwrites `a` (holding J A J, the reversed SPD matrix) with U, the upper Cholesky factor of A^-1:
 * U = J L'^-1 J with J A J = L' L'^T (twin: upperCholeskyOfInverse). Uses one more n x n buffer.
 * Throws NotPositiveDefiniteError when a pivot is not positive.
 */
export async function upperCholeskyOfInverseInPlace(gpu: Gpu, reversed: GPUBuffer, n: number): Promise<void> {
  const status = storageBuffer(gpu, 4, 'cholesky status');
  const panel = storageBuffer(gpu, Math.max(1, n - 1) * B * 4, 'cholesky panel');
  const x = storageBuffer(gpu, n * n * 4, 'triangular inverse');
  const t = storageBuffer(gpu, B * n * 4, 'triangular inverse product');
  try {
    submitInChunks(gpu, choleskySteps(gpu, reversed, n, status, panel));
    submitInChunks(gpu, invertLowerSteps(gpu, reversed, x, t, n));
    submitDispatches(gpu, [reverseDispatch(gpu, x, reversed, n)]);
    const [bad] = await readU32(gpu, status, 1);
    if (bad) throw new NotPositiveDefiniteError(`the ${n} x ${n} damped Hessian is not positive definite in float32`);
  } finally {
    for (const buffer of [status, panel, x, t]) releaseBuffer(gpu.device, buffer);
  }
}
