// The float64 inner-product kernel of the CPU twins (matmul.ts, the Hessian in stats.ts, the
// Cholesky factor and inverse in cholesky.ts) in WebAssembly SIMD, emitted from named opcodes at load time (wasm-encoder.ts) and instantiated
// synchronously, so the twins keep their synchronous API. Each lane of an f64x2 holds one output
// element and adds its products one at a time in ascending k with a separate multiply and add
// (no fused multiply-add), so the sums are bit for bit those of the scalar TypeScript loops.
import { encodeModule, growMemory, op, valType, type FunctionSpec, type ValType } from './wasm-encoder.ts';

/** Output rows of one register tile: rows of op(A), each a float64 splat over both lanes (a power of two). */
export const SIMD_TILE_M = 4;
/** Output columns of one register tile, in f64x2 pairs. */
export const SIMD_TILE_N = 4;
const PAIRS = SIMD_TILE_N / 2;
const F64 = 8;

/**
 * tile(a, b, c, ldc, k, accumulate): the SIMD_TILE_M x SIMD_TILE_N block of C at byte address c
 * (rows ldc bytes apart) gets sum over kk < k of a[kk * TILE_M + r] * b[kk * TILE_N + q], starting
 * from 0, or from the block's own values when accumulate is non-zero; `subtract` makes each step
 * c - a * b instead of c + a * b (the Cholesky updates).
 */
function tileFunction(name: string, subtract: boolean): FunctionSpec {
  const [a, b, c, ldc, k, accumulate] = [0, 1, 2, 3, 4, 5];
  const end = 6;
  const row = (r: number) => 6 + r; // the pointer to row r >= 1 of C (row 0 is c itself)
  const acc = (r: number, p: number) => 6 + SIMD_TILE_M + r * PAIRS + p;
  const av = 6 + SIMD_TILE_M + SIMD_TILE_M * PAIRS;
  const bv = (p: number) => av + 1 + p;
  const rowPtr = (r: number) => (r === 0 ? op.localGet(c) : op.localGet(row(r)));
  const body: number[][] = [];
  body.push(op.localGet(a), op.localGet(k), op.i32Const(Math.log2(SIMD_TILE_M * F64)), op.i32Shl(), op.i32Add(), op.localSet(end));
  for (let r = 1; r < SIMD_TILE_M; r++) body.push(rowPtr(r - 1), op.localGet(ldc), op.i32Add(), op.localSet(row(r)));
  // Locals start at zero, so only the accumulating call loads its starting sums.
  body.push(op.block(), op.localGet(accumulate), op.i32Eqz(), op.brIf(0));
  for (let r = 0; r < SIMD_TILE_M; r++) {
    for (let p = 0; p < PAIRS; p++) body.push(rowPtr(r), op.v128Load(p * 16), op.localSet(acc(r, p)));
  }
  body.push(op.end());
  body.push(op.block(), op.localGet(a), op.localGet(end), op.i32Eq(), op.brIf(0), op.loop());
  for (let p = 0; p < PAIRS; p++) body.push(op.localGet(b), op.v128Load(p * 16), op.localSet(bv(p)));
  for (let r = 0; r < SIMD_TILE_M; r++) {
    body.push(op.localGet(a), op.v128Load64Splat(r * F64), op.localSet(av));
    for (let p = 0; p < PAIRS; p++) {
      body.push(op.localGet(acc(r, p)), op.localGet(av), op.localGet(bv(p)), op.f64x2Mul(), subtract ? op.f64x2Sub() : op.f64x2Add(), op.localSet(acc(r, p)));
    }
  }
  body.push(op.localGet(b), op.i32Const(SIMD_TILE_N * F64), op.i32Add(), op.localSet(b));
  body.push(op.localGet(a), op.i32Const(SIMD_TILE_M * F64), op.i32Add(), op.localTee(a));
  body.push(op.localGet(end), op.i32Ne(), op.brIf(0), op.end(), op.end());
  for (let r = 0; r < SIMD_TILE_M; r++) {
    for (let p = 0; p < PAIRS; p++) body.push(rowPtr(r), op.localGet(acc(r, p)), op.v128Store(p * 16));
  }
  // Locals: end and the row pointers 1 .. TILE_M-1, then the accumulators, the splat of A, the pairs of B.
  const pointers = new Array<ValType>(SIMD_TILE_M).fill(valType.i32);
  const vectors = new Array<ValType>(SIMD_TILE_M * PAIRS + 1 + PAIRS).fill(valType.v128);
  return { name, params: new Array<ValType>(6).fill(valType.i32), locals: [...pointers, ...vectors], body };
}

/**
 * panels(a, aStride, b, bStride, c, ldc, cNext, mStrips, nStrips, k, accumulate): tile over every
 * pair of an A strip (k x TILE_M float64 at a + is * aStride) and a B strip (k x TILE_N at
 * b + js * bStride), into the C tile at c + is * TILE_M * ldc + js * cNext; strip by strip of B
 * so that one B strip serves all A strips while it is in L1. All addresses and strides in bytes.
 */
function panelsFunction(name: string, tileIndex: number): FunctionSpec {
  const [a, aStride, b, bStride, c, ldc, cNext, mStrips, nStrips, k, accumulate] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [js, is, aPtr, bPtr, cPtr, cCol, cRowStride] = [11, 12, 13, 14, 15, 16, 17];
  const body: number[][] = [
    op.localGet(ldc), op.i32Const(SIMD_TILE_M), op.i32Mul(), op.localSet(cRowStride),
    op.localGet(b), op.localSet(bPtr),
    op.localGet(c), op.localSet(cCol),
    op.block(), op.localGet(nStrips), op.i32Eqz(), op.localGet(mStrips), op.i32Eqz(), op.i32Add(), op.brIf(0),
    op.loop(),
    op.localGet(a), op.localSet(aPtr),
    op.localGet(cCol), op.localSet(cPtr),
    op.i32Const(0), op.localSet(is),
    op.loop(),
    op.localGet(aPtr), op.localGet(bPtr), op.localGet(cPtr), op.localGet(ldc), op.localGet(k), op.localGet(accumulate),
    op.call(tileIndex),
    op.localGet(aPtr), op.localGet(aStride), op.i32Add(), op.localSet(aPtr),
    op.localGet(cPtr), op.localGet(cRowStride), op.i32Add(), op.localSet(cPtr),
    op.localGet(is), op.i32Const(1), op.i32Add(), op.localTee(is), op.localGet(mStrips), op.i32Ne(), op.brIf(0),
    op.end(),
    op.localGet(bPtr), op.localGet(bStride), op.i32Add(), op.localSet(bPtr),
    op.localGet(cCol), op.localGet(cNext), op.i32Add(), op.localSet(cCol),
    op.localGet(js), op.i32Const(1), op.i32Add(), op.localTee(js), op.localGet(nStrips), op.i32Ne(), op.brIf(0),
    op.end(),
    op.end(),
  ];
  return { name, params: new Array<ValType>(11).fill(valType.i32), locals: new Array<typeof valType.i32>(7).fill(valType.i32), body };
}

type PanelsExport = (
  a: number,
  aStride: number,
  b: number,
  bStride: number,
  c: number,
  ldc: number,
  cNext: number,
  mStrips: number,
  nStrips: number,
  k: number,
  accumulate: number,
) => void;

interface KernelExports {
  memory: WebAssembly.Memory;
  panelsAdd: PanelsExport;
  panelsSubtract: PanelsExport;
}

/**
 * One call of the kernel, every address and stride in float64 elements of its memory (the f64
 * view's indices; even, so that the kernel's v128 loads are 16-byte aligned): mStrips A strips of
 * k x SIMD_TILE_M (interleaved along k) aStride apart, nStrips B strips of k x SIMD_TILE_N bStride
 * apart, and the C tiles: rows ldc apart, tile (is, js) at c + is * TILE_M * ldc + js * cNext.
 */
export interface PanelsCall {
  a: number;
  aStride: number;
  b: number;
  bStride: number;
  c: number;
  ldc: number;
  cNext: number;
  mStrips: number;
  nStrips: number;
  k: number;
}

/**
 * What each C entry becomes: `set` the sum of products over k from 0, `add` its value plus them,
 * `subtract` its value minus them, one product at a time in ascending k.
 */
export type PanelsMode = 'set' | 'add' | 'subtract';

/** The kernel and its memory; byte addresses everywhere, 16-byte aligned for the v128 loads. */
export class SimdGemm {
  private view: Float64Array;

  constructor(private readonly exports: KernelExports) {
    this.view = new Float64Array(exports.memory.buffer);
  }

  /** Grows the memory to at least `bytes`; false where it cannot (the caller falls back to the scalar loops). */
  reserve(bytes: number): boolean {
    if (!growMemory(this.exports.memory, bytes)) return false;
    if (this.view.buffer !== this.exports.memory.buffer) this.view = new Float64Array(this.exports.memory.buffer);
    return true;
  }

  /** Size of the memory now. */
  get bytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  /** The memory as float64 (element index = byte address / 8); renewed by reserve. */
  get f64(): Float64Array {
    return this.view;
  }

  /** C[i, j] = / += / -= sum over kk of A[i, kk] B[kk, j] on every pair of strips (see PanelsCall). */
  panels(call: PanelsCall, mode: PanelsMode): void {
    const { a, aStride, b, bStride, c, ldc, cNext, mStrips, nStrips, k } = call;
    const run = mode === 'subtract' ? this.exports.panelsSubtract : this.exports.panelsAdd;
    run(a * F64, aStride * F64, b * F64, bStride * F64, c * F64, ldc * F64, cNext * F64, mStrips, nStrips, k, mode === 'set' ? 0 : 1);
  }
}

/** The module's bytes: the tiles that add and subtract, a panels loop over each, and the memory. */
export function simdGemmModuleBytes(): Uint8Array<ArrayBuffer> {
  const funcs = [tileFunction('tileAdd', false), tileFunction('tileSubtract', true)];
  return encodeModule([...funcs, panelsFunction('panelsAdd', 0), panelsFunction('panelsSubtract', 1)], 1);
}

/** Memory kept between calls; above it the instance is dropped after a large job (see releaseLargeMemory). */
const KEEP_BYTES = 64 << 20;

let compiled: WebAssembly.Module | null | undefined;
let kernel: SimdGemm | null | undefined;
let disabled = false;

/** The shared kernel, or null where WebAssembly SIMD is missing. Built on first use. */
export function simdGemm(): SimdGemm | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  if (typeof WebAssembly !== 'object' || disabled) return kernel;
  try {
    compiled ??= new WebAssembly.Module(simdGemmModuleBytes());
    kernel = new SimdGemm(new WebAssembly.Instance(compiled, {}).exports as unknown as KernelExports);
  } catch {
    // No SIMD (or no synchronous compilation here): the scalar loops serve.
    compiled = null;
  }
  return kernel;
}

/**
 * Drops the shared instance when its memory has grown past 64 MiB (a WebAssembly memory never
 * shrinks): the Cholesky of a wide layer takes 16 n^2 bytes, which should not stay held by a
 * worker for the rest of its life. The next simdGemm() starts a small one from the compiled module.
 */
export function releaseLargeMemory(): void {
  if (kernel && kernel.bytes > KEEP_BYTES) kernel = undefined;
}

/** Forces the scalar loops (true) or allows the kernel again (false): for the tests that compare both paths. */
export function setSimdGemmDisabled(value: boolean): void {
  disabled = value;
  kernel = undefined;
}
