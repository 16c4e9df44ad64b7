// The OBS loop's row update inside a column block, shared by the SparseGPT and GPTQ twins: after
// column i of a row is settled, w[j] = f32(w[j] - f32(e * Hinv[i, j])) for the block's later
// columns j. The row is a working copy: in the WebAssembly SIMD kernel's memory
// (row-update-simd.ts) beside the block's Hinv rows, or without the kernel in a plain array where
// the same loop runs in TypeScript.
import { f32 } from './float.ts';
import { rowUpdateKernel, type RowUpdateKernel } from './row-update-simd.ts';

/** Where a row's block columns are while the row is processed: data[at + i] is column i1 + i. */
export interface BlockRow {
  data: Float32Array;
  at: number;
}

export class BlockRows {
  private readonly kernel: RowUpdateKernel | null;
  private readonly row: BlockRow;

  /** The block of columns i1 .. i1+count of hinv [cols, cols]. */
  constructor(
    private readonly hinv: Float32Array,
    private readonly cols: number,
    private readonly i1: number,
    private readonly count: number,
  ) {
    const kernel = rowUpdateKernel();
    // Kernel memory: the block's Hinv rows (count x count) at 0, then the row.
    this.kernel = kernel && kernel.reserve(count * count + count) ? kernel : null;
    if (this.kernel) {
      const mem = this.kernel.f32;
      for (let i = 0; i < count; i++) mem.set(hinv.subarray((i1 + i) * cols + i1, (i1 + i) * cols + i1 + count), i * count);
      this.row = { data: mem, at: count * count };
    } else {
      this.row = { data: new Float32Array(count), at: 0 };
    }
  }

  /** A working copy of the block columns of the row starting at w[row]. */
  loadRow(w: Float32Array, row: number): BlockRow {
    const { data, at } = this.row;
    data.set(w.subarray(row + this.i1, row + this.i1 + this.count), at);
    return this.row;
  }

  /** row[j] = f32(row[j] - f32(e * Hinv[i1 + i, i1 + j])) for j = i+1 .. count-1. */
  update(i: number, e: number): void {
    const { kernel, count } = this;
    const { data, at } = this.row;
    if (kernel) {
      kernel.subtractScaled(at + i + 1, i * count + i + 1, count - i - 1, e);
      return;
    }
    const { hinv, cols, i1 } = this;
    const hrow = (i1 + i) * cols + i1;
    for (let j = i + 1; j < count; j++) data[at + j] = f32(data[at + j] - f32(e * hinv[hrow + j]));
  }

  /** Writes the working copy back to w[row + i1 ..]. */
  storeRow(w: Float32Array, row: number): void {
    const { data, at } = this.row;
    w.set(data.subarray(at, at + this.count), row + this.i1);
  }
}
