// Reading and writing linear weights in the external-data bytes, always in torch's [out, in]
// layout: weights stored [in, out] are transposed on the way in and on the way out.
import type { WeightMatrix } from '../../compress/types.ts';
import { floatToHalf, halfToFloat } from './fp16.ts';
import type { LinearWeight } from './index-weights.ts';

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

/**
 * The compression loop's memory: one read-only master copy of the dense bytes and one patched
 * copy that sessions are built from. Weights are read from the master (so a layer is always
 * compressed from its dense values) and written to the patched copy.
 */
export class WeightStore {
  readonly patched: Uint8Array;
  private readonly written = new Set<string>();

  constructor(readonly master: Uint8Array) {
    this.patched = master.slice();
  }

  readDense(w: LinearWeight): WeightMatrix {
    return readWeight(this.master, w);
  }

  readPatched(w: LinearWeight): WeightMatrix {
    return readWeight(this.patched, w);
  }

  write(w: LinearWeight, m: WeightMatrix): void {
    writeWeight(this.patched, w, m);
    this.written.add(w.module);
  }

  /** Puts the dense bytes of one weight back. */
  restore(w: LinearWeight): void {
    const { offset, length } = rangeOf(w, this.master);
    this.patched.set(this.master.subarray(offset, offset + length), offset);
    this.written.delete(w.module);
  }

  restoreAll(): void {
    this.patched.set(this.master);
    this.written.clear();
  }

  /** Modules written since construction or the last restore. */
  get modified(): string[] {
    return [...this.written];
  }
}
