import { describe, expect, it } from 'vitest';
import { SHARED_MISSING } from '../../../test/golden-core.ts';
import { hasShared, readSharedNode } from '../../../test/golden-node.ts';
import { activations } from '../../../test/random.ts';
import { addGramSimd } from './gram-simd.ts';
import { setSimdGemmDisabled, simdGemm } from './simd-gemm.ts';
import { StatsTwin, layerStats } from './stats.ts';

/** gram[i, j] += x[t, i] x[t, j] for j >= i, one token at a time in order. */
function tokenByToken(gram: Float64Array, x: Float32Array, tokens: number, cols: number): void {
  for (let t = 0; t < tokens; t++) {
    for (let i = 0; i < cols; i++) for (let j = i; j < cols; j++) gram[i * cols + j] += x[t * cols + i] * x[t * cols + j];
  }
}

const SETS = [
  { dir: 'inputs/o256_i512_seed1234', cols: 512 },
  { dir: 'inputs/o384_i256_seed5678', cols: 256 },
];

async function f32(rel: string): Promise<Float32Array> {
  const bytes = await readSharedNode(`golden/${rel}`);
  if (!bytes) throw new Error(`missing ${rel}`);
  return new Float32Array(bytes.slice().buffer);
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

describe('stats twin vs golden accumulators', () => {
  for (const set of SETS) {
    it.skipIf(!hasShared)(`${set.dir}${hasShared ? '' : ` (${SHARED_MISSING})`}`, async () => {
      const x = await f32(`${set.dir}/X.f32`);
      // 8 sequences of 64 tokens, added one sequence per call as the reference's forward hooks do.
      const twin = new StatsTwin(set.cols, ['scalerRow', 'hessian', 'meanAbs', 'maxAbs']);
      for (let j = 0; j < 8; j++) twin.add(x.subarray(j * 64 * set.cols, (j + 1) * 64 * set.cols), 1);
      const stats = twin.finish();
      expect(stats.nsamples).toBe(8);
      expect(stats.tokens).toBe(512);
      // The reference rescales its running sums per sequence in float32: ~1e-7 relative from the closed form.
      const scaler = await f32(`${set.dir}/scaler_row.f32`);
      for (let c = 0; c < set.cols; c++) expect(Math.abs(stats.scalerRow![c] - scaler[c]) / scaler[c]).toBeLessThan(2e-6);
      expect(maxRelDiff(stats.hessian!, await f32(`${set.dir}/H.f32`))).toBeLessThan(2e-6);
    });
  }
});

describe('stats twin', () => {
  it('gives the same result however the tokens are batched', () => {
    const cols = 19;
    const x = activations(40, cols, 3);
    const one = layerStats(x, cols, 4, ['scalerRow', 'hessian', 'meanAbs', 'maxAbs']);
    const twin = new StatsTwin(cols, ['scalerRow', 'hessian', 'meanAbs', 'maxAbs', 'activations']);
    twin.add(x.subarray(0, 7 * cols), 1);
    twin.add(x.subarray(7 * cols), 3);
    const split = twin.finish();
    expect(split.nsamples).toBe(4);
    expect(split.tokens).toBe(40);
    for (const key of ['scalerRow', 'hessian', 'meanAbs', 'maxAbs'] as const) {
      const a = one[key]!;
      const b = split[key]!;
      for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 5);
    }
    expect(split.activations).toEqual(x);
  });

  // Column counts around the 4x2 and 4x4 tiles and the 16-row bands, tokens across the 64-token
  // transpose chunks, on both paths: the WebAssembly SIMD kernel (Node has it) and the scalar loops.
  for (const path of ['wasm simd', 'scalar'] as const) {
    for (const cols of [1, 6, 7, 19, 37]) {
      it(`sums the Hessian as one token at a time would, bit for bit (${cols} columns, ${path})`, () => {
        setSimdGemmDisabled(path === 'scalar');
        try {
          expect(simdGemm() !== null).toBe(path === 'wasm simd');
          const tokens = 150;
          const x = activations(tokens, cols, cols);
          const twin = new StatsTwin(cols, ['hessian']);
          twin.add(x.subarray(0, 70 * cols), 1);
          twin.add(x.subarray(70 * cols), 2);
          const gram = new Float64Array(cols * cols);
          tokenByToken(gram, x, tokens, cols);
          const want = new Float32Array(cols * cols);
          for (let i = 0; i < cols; i++) {
            for (let j = i; j < cols; j++) want[i * cols + j] = want[j * cols + i] = (2 * gram[i * cols + j]) / 3;
          }
          expect(twin.finish().hessian).toEqual(want);
        } finally {
          setSimdGemmDisabled(false);
        }
      });
    }
  }

  it('sums the Hessian on the SIMD kernel across packing chunks from running sums, bit for bit', () => {
    const kernel = simdGemm();
    expect(kernel).not.toBeNull();
    if (!kernel) return;
    const cols = 45;
    const tokens = 23;
    const x = activations(tokens, cols, 11);
    // Running sums from an earlier batch: the kernel continues them rather than starting from 0.
    const start = Float64Array.from(activations(cols, cols, 12));
    const want = start.slice();
    tokenByToken(want, x, tokens, cols);
    const got = start.slice();
    // 48 padded columns x 8 bytes x 5 tokens: chunks of 5, 5, 5, 5 and 3 tokens.
    expect(addGramSimd(kernel, got, x, tokens, cols, 48 * 8 * 5)).toBe(true);
    for (let i = 0; i < cols; i++) {
      for (let j = i; j < cols; j++) expect(got[i * cols + j]).toBe(want[i * cols + j]);
    }
  });

  it('computes each statistic by its definition', () => {
    const cols = 2;
    const x = new Float32Array([1, -2, -3, 0.5, 2, 1]); // 3 tokens, 1 sequence... counted as 2
    const s = layerStats(x, cols, 2, ['scalerRow', 'hessian', 'meanAbs', 'maxAbs']);
    expect(Array.from(s.scalerRow!)).toEqual([(1 + 9 + 4) / 2, (4 + 0.25 + 1) / 2]);
    expect(Array.from(s.meanAbs!)).toEqual([2, 3.5 / 3].map(Math.fround));
    expect(Array.from(s.maxAbs!)).toEqual([3, 2]);
    const g01 = 1 * -2 + -3 * 0.5 + 2 * 1;
    expect(Array.from(s.hessian!)).toEqual([14, g01, g01, 5.25].map((v) => Math.fround((2 * v) / 2)));
    expect(s.activations).toBeUndefined();
  });
});
