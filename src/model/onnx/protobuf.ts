// Protocol-buffer wire format: the few primitives the ONNX reader and writer need. Fields that the
// typed model does not name are kept as their raw bytes so that encoding reproduces the input.

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

/** A field kept verbatim: its number (for ordering on re-encode) and its bytes, tag included. */
export interface RawField {
  field: number;
  bytes: Uint8Array;
}

/** int64 as a number where exact, else as a bigint. */
export type Int64 = number | bigint;

const utf8Decoder = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

export class ProtoError extends Error {
  /** Bytes the buffer would need to hold the field that ran past its end, when that is known. */
  needBytes: number | null = null;
}

/** A length-delimited field that runs past the end; past the buffer's end, it tells how long the buffer should be. */
function pastTheEnd(reader: Reader, message: string, len: number): ProtoError {
  const err = new ProtoError(message);
  if (reader.end === reader.buf.length) err.needBytes = reader.pos + len;
  return err;
}

export class Reader {
  pos: number;
  readonly end: number;
  private readonly view: DataView;

  constructor(readonly buf: Uint8Array, start = 0, end = buf.length) {
    this.pos = start;
    this.end = end;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Unsigned varint as a bigint (64 bits). */
  varintBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw new ProtoError('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new ProtoError('varint longer than 10 bytes');
    }
  }

  /** Unsigned varint that must fit a JS number (lengths, tags, enums, small ints). */
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoError('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) {
        if (result > Number.MAX_SAFE_INTEGER) throw new ProtoError('varint exceeds 2^53');
        return result;
      }
      mul *= 128;
    }
    throw new ProtoError('varint longer than 10 bytes');
  }

  /** Signed int64 (two's complement varint), as a number where exact. */
  int64(): Int64 {
    const start = this.pos;
    // Fast path: short non-negative values.
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 7 && this.pos < this.end; i++) {
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
    }
    this.pos = start;
    return narrowInt64(BigInt.asIntN(64, this.varintBig()));
  }

  /** int32 fields are sign-extended to 64 bits on the wire. */
  int32(): number {
    return Number(BigInt.asIntN(32, this.varintBig()));
  }

  float32(): number {
    if (this.pos + 4 > this.end) throw new ProtoError('truncated fixed32');
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  float64(): number {
    if (this.pos + 8 > this.end) throw new ProtoError('truncated fixed64');
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** Length-delimited payload as a view (no copy). */
  bytes(): Uint8Array {
    const len = this.varint();
    if (this.pos + len > this.end) throw pastTheEnd(this, `length ${len} runs past the end of the message`, len);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  string(): string {
    return utf8Decoder.decode(this.bytes());
  }

  /** A sub-reader over a length-delimited payload. */
  message(): Reader {
    const len = this.varint();
    if (this.pos + len > this.end) throw pastTheEnd(this, `message length ${len} runs past the end`, len);
    const sub = new Reader(this.buf, this.pos, this.pos + len);
    this.pos += len;
    return sub;
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varintBig();
        return;
      case WIRE_FIXED64:
        this.pos += 8;
        break;
      case WIRE_BYTES: {
        const len = this.varint();
        this.pos += len;
        break;
      }
      case WIRE_FIXED32:
        this.pos += 4;
        break;
      default:
        throw new ProtoError(`unsupported wire type ${wire}`);
    }
    if (this.pos > this.end) throw new ProtoError('field runs past the end of the message');
  }

  /** Iterates the fields; `visit` returns false for a field it does not read, which is kept raw. */
  fields(visit: (field: number, wire: number) => boolean): RawField[] {
    const extra: RawField[] = [];
    while (this.pos < this.end) {
      const tagStart = this.pos;
      const tag = this.varint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (!visit(field, wire)) {
        this.skip(wire);
        extra.push({ field, bytes: this.buf.subarray(tagStart, this.pos) });
      }
    }
    return extra;
  }
}

/** Reads a repeated scalar in packed or unpacked form. */
export function readRepeated<T>(r: Reader, wire: number, one: (r: Reader) => T, into: T[]): void {
  if (wire === WIRE_BYTES) {
    const sub = r.message();
    while (!sub.done) into.push(one(sub));
  } else {
    into.push(one(r));
  }
}

export function narrowInt64(v: bigint): Int64 {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Output assembled from parts; nested messages are sized sinks appended by reference. */
export class Writer {
  readonly parts: Uint8Array[] = [];
  length = 0;
  private scratch = new Uint8Array(64);
  private scratchUsed = 0;

  private flushScratch(): void {
    if (this.scratchUsed > 0) {
      this.parts.push(this.scratch.subarray(0, this.scratchUsed));
      this.scratch = new Uint8Array(64);
      this.scratchUsed = 0;
    }
  }

  private byte(b: number): void {
    if (this.scratchUsed === this.scratch.length) this.flushScratch();
    this.scratch[this.scratchUsed++] = b;
    this.length++;
  }

  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (bytes.length <= 16) {
      for (const b of bytes) this.byte(b);
      return;
    }
    this.flushScratch();
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  varint(v: number): void {
    if (v < 0 || !Number.isInteger(v)) throw new ProtoError(`varint must be a non-negative integer, got ${v}`);
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }

  varintBig(v: bigint): void {
    let u = BigInt.asUintN(64, v);
    while (u >= 0x80n) {
      this.byte(Number(u & 0x7fn) | 0x80);
      u >>= 7n;
    }
    this.byte(Number(u));
  }

  int64(v: Int64): void {
    if (typeof v === 'bigint') this.varintBig(v);
    else if (v >= 0) this.varint(v);
    else this.varintBig(BigInt(v));
  }

  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  float32(v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    for (const x of b) this.byte(x);
  }

  float64(v: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    for (const x of b) this.byte(x);
  }

  bytesField(field: number, bytes: Uint8Array): void {
    this.tag(field, WIRE_BYTES);
    this.varint(bytes.length);
    this.append(bytes);
  }

  stringField(field: number, s: string): void {
    this.bytesField(field, utf8Encoder.encode(s));
  }

  int64Field(field: number, v: Int64): void {
    this.tag(field, WIRE_VARINT);
    this.int64(v);
  }

  messageField(field: number, sub: Writer): void {
    sub.flushScratch();
    this.tag(field, WIRE_BYTES);
    this.varint(sub.length);
    this.flushScratch();
    for (const p of sub.parts) this.parts.push(p);
    this.length += sub.length;
  }

  finish(): Uint8Array {
    this.flushScratch();
    if (this.parts.length === 1) return this.parts[0];
    const out = new Uint8Array(this.length);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
}

/**
 * Writes fields in ascending field number, as protobuf serialisers do, interleaving the raw fields
 * kept from decoding, so an undisturbed message re-encodes byte for byte.
 */
export function writeOrdered(w: Writer, extra: RawField[], known: Array<[field: number, write: () => void]>): void {
  const items: Array<{ field: number; order: number; run: () => void }> = [];
  known.forEach(([field, write], i) => items.push({ field, order: i, run: write }));
  extra.forEach((r, i) => items.push({ field: r.field, order: known.length + i, run: () => w.append(r.bytes) }));
  items.sort((a, b) => a.field - b.field || a.order - b.order);
  for (const it of items) it.run();
}
