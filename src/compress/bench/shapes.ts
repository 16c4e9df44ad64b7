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

export function checkShapes(shapes: BenchShape[]): void {
  if (shapes.length === 0) throw new RangeError('the benchmark needs at least one shape');
  for (const s of shapes) {
    if (!Number.isInteger(s.rows) || !Number.isInteger(s.cols) || s.rows < 1 || s.cols < 1) {
      throw new RangeError(`a shape needs positive integer rows and cols, got ${s.rows}x${s.cols}`);
    }
  }
}

/** "llm" or "RxC,RxC,..." as the CLI and the view take them. */
export function parseShapes(text: string): BenchShape[] {
  const trimmed = text.trim();
  if (trimmed === 'llm') return LLM_SHAPES;
  const shapes = trimmed.split(',').map((part) => {
    const match = /^(\d+)\s*x\s*(\d+)$/.exec(part.trim());
    if (!match) throw new RangeError(`shapes are "llm" or RxC[,RxC...], got "${part.trim()}"`);
    return { rows: Number(match[1]), cols: Number(match[2]) };
  });
  checkShapes(shapes);
  return shapes;
}
