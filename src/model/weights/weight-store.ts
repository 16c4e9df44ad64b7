// Reading and writing linear weights in the external-data bytes, always in torch's [out, in]
// layout: weights stored [in, out] are transposed on the way in and on the way out.
import type { WeightMatrix } from '../../compress/types.ts';
import { floatToHalf, halfToFloat } from './fp16.ts';
import type { LinearWeight } from './index-weights.ts';
import { memoryDenseSource, type DenseSource } from './dense-source.ts';

export class PatchError extends Error {}

function rangeOf(w: LinearWeight, bytes: Uint8Array): { offset: number; length: number } {
  if (!w.data) throw new PatchError(`${w.module}: weight is inline in model.onnx; externalize the model first`);
  const elem = w.dtype === 'fp16' ? 2 : 4;
  const { offset, length } = w.data;
  if (length !== w.inFeatures * w.outFeatures * elem) throw new PatchError(`${w.module}: external length ${length} does not match ${w.outFeatures}x${w.inFeatures} ${w.dtype}`);
  if (offset + length > bytes.length) throw new PatchError(`${w.module}: bytes ${offset}..${offset + length} lie beyond the data (${bytes.length} bytes)`);
  return { offset, length };
}

/** The weight as [out, in] float32 (fp16 sources widened). */
export function readWeight(bytes: Uint8Array, w: LinearWeight): WeightMatrix {
  const { offset } = rangeOf(w, bytes);
  const rows = w.outFeatures;
  const cols = w.inFeatures;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, rows * cols * (w.dtype === 'fp16' ? 2 : 4));
  const get = w.dtype === 'fp16' ? (i: number) => halfToFloat(view.getUint16(i * 2, true)) : (i: number) => view.getFloat32(i * 4, true);
  const data = new Float32Array(rows * cols);
  if (w.storedInOut) {
    // stored[i][o] -> data[o][i]
    for (let i = 0; i < cols; i++) for (let o = 0; o < rows; o++) data[o * cols + i] = get(i * rows + o);
  } else {
    for (let k = 0; k < rows * cols; k++) data[k] = get(k);
  }
  return { data, rows, cols };
}

/** Writes an [out, in] matrix into `bytes` at the weight's range, in its stored layout and dtype. */
export function writeWeight(bytes: Uint8Array, w: LinearWeight, m: WeightMatrix): void {
  const { offset } = rangeOf(w, bytes);
  if (m.rows !== w.outFeatures || m.cols !== w.inFeatures || m.data.length !== m.rows * m.cols) {
    throw new PatchError(`${w.module}: expected [${w.outFeatures}, ${w.inFeatures}], got [${m.rows}, ${m.cols}]`);
  }
  const rows = m.rows;
  const cols = m.cols;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, rows * cols * (w.dtype === 'fp16' ? 2 : 4));
  const set = w.dtype === 'fp16' ? (i: number, v: number) => view.setUint16(i * 2, floatToHalf(v), true) : (i: number, v: number) => view.setFloat32(i * 4, v, true);
  if (w.storedInOut) {
    for (let o = 0; o < rows; o++) for (let i = 0; i < cols; i++) set(i * rows + o, m.data[o * cols + i]);
  } else {
    for (let k = 0; k < rows * cols; k++) set(k, m.data[k]);
  }
}

/** The weight's bytes alone, in its stored layout and dtype (as `writeWeight` would put them). */
export function encodeWeight(w: LinearWeight, m: WeightMatrix): Uint8Array {
  const bytes = new Uint8Array(byteLengthOf(w));
  writeWeight(bytes, alone(w), m);
  return bytes;
}

function byteLengthOf(w: LinearWeight): number {
  return w.inFeatures * w.outFeatures * (w.dtype === 'fp16' ? 2 : 4);
}

/** The weight as if its bytes started at 0 (for a buffer that holds only them). */
function alone(w: LinearWeight): LinearWeight {
  return { ...w, data: { ...w.data!, offset: 0 } };
}

/**
 * The compression loop's memory: one patched copy that sessions are built from, and the dense
 * bytes it is restored from, read from a DenseSource (OPFS, out of the heap, where the browser has
 * it). Weights are read dense from the source (so a layer is always compressed from its dense
 * values) and written to the patched copy. The patched copy is dense until the first write, and
 * again after restoreAll.
 */
export class WeightStore {
  readonly patched: Uint8Array;
  readonly source: DenseSource;
  private readonly written = new Set<string>();
  private filled: boolean;

  /** From bytes in memory (kept as the dense source, not copied) or any source; see `open`. */
  constructor(dense: Uint8Array | DenseSource) {
    this.source = dense instanceof Uint8Array ? memoryDenseSource(dense) : dense;
    const inMemory = this.source.inMemory;
    this.patched = inMemory ? inMemory.slice() : new Uint8Array(this.source.byteLength);
    this.filled = inMemory !== null;
  }

  /** A store whose patched copy is already filled from `source`. */
  static async open(source: DenseSource): Promise<WeightStore> {
    const store = new WeightStore(source);
    await store.restoreAll();
    return store;
  }

  async readDense(w: LinearWeight): Promise<WeightMatrix> {
    const inMemory = this.source.inMemory;
    if (inMemory) return readWeight(inMemory, w);
    const { offset, length } = rangeOf(w, this.patched);
    const bytes = new Uint8Array(length);
    await this.source.readInto(bytes, offset);
    return readWeight(bytes, alone(w));
  }

  readPatched(w: LinearWeight): WeightMatrix {
    this.requireFilled();
    return readWeight(this.patched, w);
  }

  write(w: LinearWeight, m: WeightMatrix): void {
    this.requireFilled();
    writeWeight(this.patched, w, m);
    this.written.add(w.module);
  }

  /** Writes bytes made by `encodeWeight` for the same weight. */
  writeEncoded(w: LinearWeight, bytes: Uint8Array): void {
    this.requireFilled();
    const { offset, length } = rangeOf(w, this.patched);
    if (bytes.byteLength !== length) throw new PatchError(`${w.module}: ${bytes.byteLength} bytes given for a weight of ${length}`);
    this.patched.set(bytes, offset);
    this.written.add(w.module);
  }

  /** Puts the dense bytes of one weight back. */
  async restore(w: LinearWeight): Promise<void> {
    const { offset, length } = rangeOf(w, this.patched);
    await this.source.readInto(this.patched.subarray(offset, offset + length), offset);
    this.written.delete(w.module);
  }

  /** Makes the patched copy dense again, streamed from the source (nothing to do while nothing was written). */
  async restoreAll(): Promise<void> {
    if (this.filled && this.written.size === 0) return;
    await this.source.readInto(this.patched, 0);
    this.filled = true;
    this.written.clear();
  }

  /** Modules written since construction or the last restore. */
  get modified(): string[] {
    return [...this.written];
  }

  private requireFilled(): void {
    if (!this.filled) throw new PatchError('the patched copy is empty: open the store with WeightStore.open or call restoreAll first');
  }
}
