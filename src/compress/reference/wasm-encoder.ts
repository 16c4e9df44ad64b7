// A minimal WebAssembly binary encoder: enough to write the few SIMD kernels of the CPU twins as
// readable TypeScript (named opcodes, one instruction per call) instead of a committed binary.
// Only what those kernels use is here: i32, f32 and v128 values, one exported memory, functions
// without results. Encoding per the WebAssembly core spec 2.0, section 5.

/** Value types (spec 5.3.1). */
export const valType = { i32: 0x7f, f32: 0x7d, v128: 0x7b } as const;
export type ValType = (typeof valType)[keyof typeof valType];

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function utf8(name: string): number[] {
  const bytes = [...new TextEncoder().encode(name)];
  return [...uleb(bytes.length), ...bytes];
}

/** Memory access immediate: `align` as log2 of the byte alignment, `offset` in bytes. */
function memarg(align: number, offset: number): number[] {
  return [...uleb(align), ...uleb(offset)];
}

const SIMD_PREFIX = 0xfd;
const simd = (op: number) => [SIMD_PREFIX, ...uleb(op)];

/**
 * Instructions as byte arrays, named as in the text format. Block types are always empty
 * (0x40): the kernels' blocks and loops take and leave nothing on the stack.
 */
export const op = {
  block: () => [0x02, 0x40],
  loop: () => [0x03, 0x40],
  end: () => [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  call: (func: number) => [0x10, ...uleb(func)],
  localGet: (index: number) => [0x20, ...uleb(index)],
  localSet: (index: number) => [0x21, ...uleb(index)],
  localTee: (index: number) => [0x22, ...uleb(index)],
  i32Const: (value: number) => [0x41, ...sleb(value)],
  f32Load: (offset = 0) => [0x2a, ...memarg(2, offset)],
  f32Store: (offset = 0) => [0x38, ...memarg(2, offset)],
  i32Eqz: () => [0x45],
  i32Eq: () => [0x46],
  i32Ne: () => [0x47],
  i32LtU: () => [0x49],
  i32GeU: () => [0x4f],
  i32Add: () => [0x6a],
  i32Sub: () => [0x6b],
  i32Mul: () => [0x6c],
  i32And: () => [0x71],
  i32Shl: () => [0x74],
  f32Sub: () => [0x93],
  f32Mul: () => [0x94],
  /** v128.load with a 16-byte alignment hint. */
  v128Load: (offset = 0) => [...simd(0x00), ...memarg(4, offset)],
  /** v128.load64_splat: one float64 into both lanes. */
  v128Load64Splat: (offset = 0) => [...simd(0x0a), ...memarg(3, offset)],
  v128Store: (offset = 0) => [...simd(0x0b), ...memarg(4, offset)],
  /** v128.load and v128.store with no alignment promised (float32 rows at any element). */
  v128LoadUnaligned: (offset = 0) => [...simd(0x00), ...memarg(0, offset)],
  v128StoreUnaligned: (offset = 0) => [...simd(0x0b), ...memarg(0, offset)],
  /** v128.const of all-zero bits (0.0 in every float64 lane). */
  v128Zero: () => [...simd(0x0c), ...new Array<number>(16).fill(0)],
  f32x4Splat: () => simd(0x13),
  f32x4Sub: () => simd(0xe5),
  f32x4Mul: () => simd(0xe6),
  f64x2Add: () => simd(0xf0),
  f64x2Sub: () => simd(0xf1),
  f64x2Mul: () => simd(0xf2),
} as const;

export interface FunctionSpec {
  name: string;
  params: ValType[];
  /** Extra locals in declaration order, numbered after the parameters. */
  locals: ValType[];
  /** The body, without the final `end`. */
  body: number[][];
}

/**
 * A module of `funcs` (each exported under its name, indices in array order) and one memory
 * of `pages` 64 KiB pages exported as "memory". Every function has type (params) -> ().
 */
export function encodeModule(funcs: FunctionSpec[], pages: number): Uint8Array<ArrayBuffer> {
  const signature = (f: FunctionSpec) => f.params.join(',');
  const signatures = [...new Set(funcs.map(signature))];
  const section = (id: number, items: number[][]) => {
    const content = vector(items);
    return [id, ...uleb(content.length), ...content];
  };
  const types = section(
    1,
    signatures.map((sig) => {
      const params = funcs.find((f) => signature(f) === sig)?.params ?? [];
      return [0x60, ...vector(params.map((t) => [t])), ...vector([])];
    }),
  );
  const functions = section(3, funcs.map((f) => uleb(signatures.indexOf(signature(f)))));
  const memory = section(5, [[0x00, ...uleb(pages)]]);
  const exports = section(7, [
    [...utf8('memory'), 0x02, 0x00],
    ...funcs.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]),
  ]);
  const code = section(
    10,
    funcs.map((f) => {
      const locals = vector(f.locals.map((t) => [...uleb(1), t]));
      const body = [...locals, ...f.body.flat(), ...op.end()];
      return [...uleb(body.length), ...body];
    }),
  );
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  return new Uint8Array([...header, ...types, ...functions, ...memory, ...exports, ...code]);
}

const PAGE = 65536;

/** Grows a kernel's memory to at least `bytes`; false where it cannot (the caller falls back to scalar loops). */
export function growMemory(memory: WebAssembly.Memory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    memory.grow(Math.ceil((bytes - have) / PAGE));
  } catch {
    return false;
  }
  return true;
}
