// The arithmetic ceiling of evaluation on ORT's wasm EP: each of the model's linear-layer shapes
// run as one MatMul on the same runtime, in the same page and on the same threads as the model's
// session, at a decode-sized and a prefill-sized number of rows. A pass could not process tokens
// faster than its linear layers alone allow, so the tokens per second measured here bound every
// task row of bench:eval from above (attention, norms, embeddings and the LM head come on top).
import type * as Ort from 'onnxruntime-web';
import type { LinearWeight } from '../../src/model/weights/index-weights.ts';
import { linearMatmulModel } from '../../src/model/bench/ort-matmul.ts';

export interface MatmulCeiling {
  /** Rows (token positions) per MatMul. */
  rows: number;
  /** Multiply-adds of the decoder's linear layers per token, times two. */
  flopsPerToken: number;
  /** Rate of the linear layers together: their FLOPs over their summed median times. */
  gflops: number;
  /** Tokens per second if a pass were its linear layers alone. */
  tokensPerSec: number;
}

interface Shape {
  out: number;
  in: number;
  /** Linears of this shape in the decoder. */
  count: number;
}

function shapesOf(linears: readonly LinearWeight[]): Shape[] {
  const byKey = new Map<string, Shape>();
  for (const l of linears) {
    const key = `${l.outFeatures}x${l.inFeatures}`;
    const s = byKey.get(key) ?? { out: l.outFeatures, in: l.inFeatures, count: 0 };
    s.count++;
    byKey.set(key, s);
  }
  return [...byKey.values()];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function medianRunMs(ort: typeof Ort, shape: Shape, rows: number, runs: number): Promise<number> {
  const weight = Float32Array.from({ length: shape.out * shape.in }, (_, i) => Math.sin(i) * 0.05);
  const session = await ort.InferenceSession.create(linearMatmulModel(weight, shape.out, shape.in, rows), { executionProviders: ['wasm'] });
  try {
    const x = new ort.Tensor('float32', Float32Array.from({ length: rows * shape.in }, (_, i) => Math.cos(i)), [rows, shape.in]);
    await session.run({ x });
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      await session.run({ x });
      times.push(performance.now() - t0);
    }
    return median(times);
  } finally {
    await session.release();
  }
}

/** The ceiling at each row count; call after the model's session exists (ORT's threads are fixed by then). */
export async function measureMatmulCeiling(ort: typeof Ort, linears: readonly LinearWeight[], rowCounts: readonly number[], runs = 9): Promise<MatmulCeiling[]> {
  const shapes = shapesOf(linears);
  const flopsPerToken = shapes.reduce((s, sh) => s + 2 * sh.out * sh.in * sh.count, 0);
  const out: MatmulCeiling[] = [];
  for (const rows of rowCounts) {
    let ms = 0;
    for (const sh of shapes) ms += sh.count * (await medianRunMs(ort, sh, rows, runs));
    const tokensPerSec = (rows * 1000) / ms;
    out.push({ rows, flopsPerToken, gflops: (flopsPerToken * tokensPerSec) / 1e9, tokensPerSec });
  }
  return out;
}
