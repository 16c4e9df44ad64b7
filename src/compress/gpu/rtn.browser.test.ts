import { describe, expect, it } from 'vitest';
import { acquireGpu } from '../../gpu/index.ts';
import { goldenCaseNames, loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { readSharedBrowser } from '../../../test/golden-browser.ts';
import { randn } from '../../../test/random.ts';
import { packCodes } from '../reference/pack.ts';
import { rtnQuantize, type RtnOptions } from '../reference/rtn.ts';
import { rtnGpu } from './rtn.ts';

const names = ((await goldenCaseNames(readSharedBrowser)) ?? []).filter((n) => n.startsWith('rtn_'));

/**
 * Codes that differ from the twin. WGSL only promises 2.5 ulp for x / y, so round(x / scale) may
 * land on the other side of an exact .5 tie; such a code is off by one step and only there.
 * Every other difference is a failure.
 */
function codeFlips(w: Float32Array, twin: { codes: Uint8Array; scale: Float32Array }, gpuCodes: Uint8Array, cols: number, groupSize: number, nGroups: number): number {
  let flips = 0;
  for (let i = 0; i < w.length; i++) {
    if (gpuCodes[i] === twin.codes[i]) continue;
    const s = twin.scale[Math.floor(i / cols) * nGroups + Math.floor((i % cols) / groupSize)];
    const q = Math.fround(w[i] / s);
    const tie = Math.abs(Math.abs(q - Math.trunc(q)) - 0.5) <= 4 * Math.abs(q) * 2 ** -23;
    if (Math.abs(gpuCodes[i] - twin.codes[i]) !== 1 || !tie) throw new Error(`code ${i}: gpu ${gpuCodes[i]} twin ${twin.codes[i]} (q=${q})`);
    flips++;
  }
  return flips;
}

async function check(rows: number, cols: number, opts: RtnOptions, seed: number, maxBindingBytes?: number): Promise<void> {
  const gpu = await acquireGpu();
  const data = randn(rows * cols, seed, 0.02);
  const w = { data, rows, cols };
  const twin = rtnQuantize(w, opts);
  const got = await rtnGpu(gpu, w, opts, maxBindingBytes);
  // Grids are elementwise float32 arithmetic (min, max, one division by maxq): exact.
  expect(Array.from(got.scale)).toEqual(Array.from(twin.scale));
  expect(Array.from(got.zero)).toEqual(Array.from(twin.zero));
  const flips = codeFlips(data, twin, got.codes, cols, twin.layout.size, twin.layout.count);
  if (flips > 0) console.log(`rtn ${rows}x${cols} ${JSON.stringify(opts)}: ${flips} tie flips`);
  expect(flips).toBeLessThanOrEqual(Math.ceil(data.length * 1e-4));
  if (flips === 0) {
    let same = true;
    for (let i = 0; i < data.length && same; i++) same = got.weight[i] === twin.weight[i];
    expect(same).toBe(true);
  }
  expect(Array.from(got.words)).toEqual(Array.from(packCodes(got.codes, rows, cols, opts.bits)));
}

describe('rtn kernel vs twin', () => {
  it('1x1, 7x13, 257x300, 384x256 across bits, groups and symmetry', async () => {
    await check(1, 1, { bits: 4, group: 128, sym: false }, 1);
    await check(7, 13, { bits: 3, group: 5, sym: true }, 2);
    await check(257, 300, { bits: 2, group: 64, sym: false }, 3); // last group of 44 columns
    await check(384, 256, { bits: 8, group: -1, sym: true }, 4);
    await check(65, 129, { bits: 5, group: 32, sym: false }, 5);
    await check(33, 70, { bits: 7, group: -1, sym: false }, 6);
    await check(31, 100, { bits: 6, group: 16, sym: true }, 7);
    // Each kernel path: 4-bit groups of 12 (vec4 grid and quantize, words spanning two groups),
    // 4-bit groups of 32 with a partial last word (the fused kernel), 6-bit (the scalar ones).
    await check(40, 96, { bits: 4, group: 12, sym: false }, 10);
    await check(9, 52, { bits: 4, group: 32, sym: true }, 11);
  });

  it('row bands under a small binding cap give the same result', async () => {
    await check(100, 96, { bits: 4, group: 32, sym: false }, 8, 96 * 4 * 7);
  });

  it('4100 x 1024 (above 4M elements)', async () => {
    await check(4100, 1024, { bits: 4, group: 128, sym: false }, 9);
  });
});

describe.skipIf(names.length === 0)(`rtn kernel vs golden ${names.length === 0 ? SHARED_MISSING : ''}`, () => {
  it('matches every rtn_* case (out, scale, zero)', async () => {
    const gpu = await acquireGpu();
    for (const name of names) {
      const gc = await loadGoldenCase(readSharedBrowser, name);
      const p = gc.meta.params as { wbits: number; groupsize: number; sym: boolean };
      const opts = { bits: p.wbits, group: p.groupsize, sym: p.sym };
      const got = await rtnGpu(gpu, { data: gc.W, rows: gc.rows, cols: gc.cols }, opts);
      expect(Array.from(got.scale), name).toEqual(Array.from(gc.arrays.scale));
      expect(Array.from(got.zero), name).toEqual(Array.from(gc.arrays.zero));
      let differing = 0;
      for (let i = 0; i < gc.W.length; i++) if (got.weight[i] !== gc.arrays.out[i]) differing++;
      console.log(`${name}: ${differing} of ${gc.W.length} values differ from golden on WebGPU`);
      const twin = rtnQuantize({ data: gc.W, rows: gc.rows, cols: gc.cols }, opts);
      // The twin is bit-exact against golden (Node test); any GPU difference must be a tie flip.
      codeFlips(gc.W, twin, got.codes, gc.cols, twin.layout.size, twin.layout.count);
      expect(differing, name).toBeLessThanOrEqual(Math.ceil(gc.W.length * 1e-4));
    }
  });
});
