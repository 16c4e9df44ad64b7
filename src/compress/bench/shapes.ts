// Weight shapes of the kernel benchmark, kept apart from the suite so that the CLI and the view
// can parse and check them without loading any kernel.

export interface BenchShape {
  rows: number;
  cols: number;
}

/** Shapes that finish in a few minutes on SwiftShader (a CPU emulation). */
export const QUICK_SHAPES: BenchShape[] = [{ rows: 256, cols: 512 }];
/** LLM layer shapes: attention projections and both MLP directions of a 7B model. */
export const LLM_SHAPES: BenchShape[] = [
  { rows: 4096, cols: 4096 },
  { rows: 11008, cols: 4096 },
  { rows: 4096, cols: 11008 },
];

/**
 * The lab's curated hub models (their config.json: hidden size, MLP width, attention heads and
 * key/value heads; every one has 64-wide heads), for the shapes of their linear layers.
 */
const HUB_MODELS = [
  { model: 'SmolLM2-135M', hidden: 576, intermediate: 1536, heads: 9, kvHeads: 3 },
  { model: 'SmolLM2-360M', hidden: 960, intermediate: 2560, heads: 15, kvHeads: 5 },
  { model: 'Qwen2.5-0.5B', hidden: 896, intermediate: 4864, heads: 14, kvHeads: 2 },
  { model: 'Llama-3.2-1B', hidden: 2048, intermediate: 8192, heads: 32, kvHeads: 8 },
  { model: 'TinyLlama-1.1B', hidden: 2048, intermediate: 5632, heads: 32, kvHeads: 4 },
];

/**
 * Every distinct linear-layer shape of the curated hub models, model by model: q and o
 * (hidden x hidden), k and v (key/value width x hidden), gate and up (MLP width x hidden), down
 * (hidden x MLP width).
 */
export const HUB_SHAPES: BenchShape[] = (() => {
  const seen = new Set<string>();
  const shapes: BenchShape[] = [];
  for (const m of HUB_MODELS) {
    const kv = (m.hidden / m.heads) * m.kvHeads;
    for (const [rows, cols] of [[m.hidden, m.hidden], [kv, m.hidden], [m.intermediate, m.hidden], [m.hidden, m.intermediate]]) {
      if (seen.has(`${rows}x${cols}`)) continue;
      seen.add(`${rows}x${cols}`);
      shapes.push({ rows, cols });
    }
  }
  return shapes;
})();

/** The named shape sets that parseShapes takes, as the view offers them. */
export const SHAPE_PRESETS = ['256x512', 'llm', 'hub'];

export function checkShapes(shapes: BenchShape[]): void {
  if (shapes.length === 0) throw new RangeError('the benchmark needs at least one shape');
  for (const s of shapes) {
    if (!Number.isInteger(s.rows) || !Number.isInteger(s.cols) || s.rows < 1 || s.cols < 1) {
      throw new RangeError(`a shape needs positive integer rows and cols, got ${s.rows}x${s.cols}`);
    }
  }
}

/** "llm", "hub" or "RxC,RxC,..." as the CLI and the view take them. */
export function parseShapes(text: string): BenchShape[] {
  const trimmed = text.trim();
  if (trimmed === 'llm') return LLM_SHAPES;
  if (trimmed === 'hub') return HUB_SHAPES;
  const shapes = trimmed.split(',').map((part) => {
    const match = /^(\d+)\s*x\s*(\d+)$/.exec(part.trim());
    if (!match) throw new RangeError(`shapes are "llm", "hub" or RxC[,RxC...], got "${part.trim()}"`);
    return { rows: Number(match[1]), cols: Number(match[2]) };
  });
  checkShapes(shapes);
  return shapes;
}
