// The OBS row update of the SparseGPT and GPTQ twins, w[j] = f32(w[j] - f32(e * hinv[j])) along
// the rest of a block row, in WebAssembly SIMD (f32x4, four columns per instruction). Float32
// lanes round each product and difference as Math.fround does, so the values are the scalar
// loop's bit for bit. Its own small module and memory (not the float64 kernel's): a block of
// Hinv rows and one row of W live here while a block is processed.
import { encodeModule, growMemory, op, valType, type FunctionSpec } from './wasm-encoder.ts';

const F32 = 4;

/** subtractScaled(x, y, len, e): x[j] = x[j] - e * y[j] for j < len, float32 at byte addresses x, y (any alignment). */
function subtractScaledFunction(): FunctionSpec {
  const [x, y, len, e] = [0, 1, 2, 3];
  const [end, vectorEnd, ev] = [4, 5, 6];
  const body: number[][] = [
    op.localGet(e), op.f32x4Splat(), op.localSet(ev),
    op.localGet(x), op.localGet(len), op.i32Const(2), op.i32Shl(), op.i32Add(), op.localSet(end),
    op.localGet(x), op.localGet(len), op.i32Const(-4), op.i32And(), op.i32Const(2), op.i32Shl(), op.i32Add(), op.localSet(vectorEnd),
    // Four columns at a time.
    op.block(), op.localGet(x), op.localGet(vectorEnd), op.i32Eq(), op.brIf(0), op.loop(),
    op.localGet(x), op.localGet(x), op.v128LoadUnaligned(), op.localGet(y), op.v128LoadUnaligned(), op.localGet(ev), op.f32x4Mul(), op.f32x4Sub(), op.v128StoreUnaligned(),
    op.localGet(y), op.i32Const(16), op.i32Add(), op.localSet(y),
    op.localGet(x), op.i32Const(16), op.i32Add(), op.localTee(x), op.localGet(vectorEnd), op.i32Ne(), op.brIf(0),
    op.end(), op.end(),
    // The last 0 .. 3 columns one at a time.
    op.block(), op.localGet(x), op.localGet(end), op.i32Eq(), op.brIf(0), op.loop(),
    op.localGet(x), op.localGet(x), op.f32Load(), op.localGet(y), op.f32Load(), op.localGet(e), op.f32Mul(), op.f32Sub(), op.f32Store(),
    op.localGet(y), op.i32Const(F32), op.i32Add(), op.localSet(y),
    op.localGet(x), op.i32Const(F32), op.i32Add(), op.localTee(x), op.localGet(end), op.i32Ne(), op.brIf(0),
    op.end(), op.end(),
  ];
  return {
    name: 'subtractScaled',
    params: [valType.i32, valType.i32, valType.i32, valType.f32],
    locals: [valType.i32, valType.i32, valType.v128],
    body,
  };
}

interface RowUpdateExports {
  memory: WebAssembly.Memory;
  subtractScaled: (x: number, y: number, len: number, e: number) => void;
}

/** The kernel and its memory, addressed in float32 elements. */
export class RowUpdateKernel {
  private view: Float32Array;

  constructor(private readonly exports: RowUpdateExports) {
    this.view = new Float32Array(exports.memory.buffer);
  }

  /** Grows the memory to at least `elements` float32; false where it cannot. */
  reserve(elements: number): boolean {
    if (!growMemory(this.exports.memory, elements * F32)) return false;
    if (this.view.buffer !== this.exports.memory.buffer) this.view = new Float32Array(this.exports.memory.buffer);
    return true;
  }

  /** The memory as float32; renewed by reserve. */
  get f32(): Float32Array {
    return this.view;
  }

  /** f32[x + j] = f32(f32[x + j] - f32(e * f32[y + j])) for j < len (e a float32 value). */
  subtractScaled(x: number, y: number, len: number, e: number): void {
    this.exports.subtractScaled(x * F32, y * F32, len, e);
  }
}

/** The module's bytes: subtractScaled and the memory. */
export function rowUpdateModuleBytes(): Uint8Array<ArrayBuffer> {
  return encodeModule([subtractScaledFunction()], 1);
}

let kernel: RowUpdateKernel | null | undefined;
let disabled = false;

/** The shared kernel, or null where WebAssembly SIMD is missing (or the scalar loops are forced). */
export function rowUpdateKernel(): RowUpdateKernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  if (typeof WebAssembly !== 'object' || disabled) return kernel;
  try {
    kernel = new RowUpdateKernel(new WebAssembly.Instance(new WebAssembly.Module(rowUpdateModuleBytes()), {}).exports as unknown as RowUpdateExports);
  } catch {
    // No SIMD (or no synchronous compilation here): the scalar loops serve.
  }
  return kernel;
}

/** Forces the scalar loops (true) or allows the kernel again (false): for the tests that compare both paths. */
export function setRowUpdateDisabled(value: boolean): void {
  disabled = value;
  kernel = undefined;
}
