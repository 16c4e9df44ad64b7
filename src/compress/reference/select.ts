// Order statistics without sorting: the twins of shaders/select-radix.wgsl, select-pick.wgsl,
// select-pick-wide.wgsl, select-rows.wgsl and select-rows-direct.wgsl (the GPU may take 16-bit
// digits, and stop a row early once its target is alone in a bucket: the results are the same).
// Magnitudes are compared through their float32 bit patterns with the sign bit cleared, which
// order exactly like the values (NaN aside), so every result is exact.

const ABS_MASK = 0x7fffffff;

/** A run of `count` values starting at `offset` inside `data`. */
export interface Segment {
  data: Float32Array;
  offset?: number;
  count?: number;
}

function bitsOf(data: Float32Array): Uint32Array {
  return new Uint32Array(data.buffer, data.byteOffset, data.length);
}

function bitsToFloat(bits: number): number {
  return new Float32Array(new Uint32Array([bits]).buffer)[0];
}

/** The four 8-bit digit passes of the radix select, high digit first. */
export const RADIX_PASSES = [24, 16, 8, 0].map((shift) => ({
  shift,
  // Bits above the digit, fixed by earlier passes; none on the first pass.
  highMask: shift === 24 ? 0 : (0xffffffff << (shift + 8)) >>> 0,
}));

function segmentCount(segments: Segment[]): number {
  return segments.reduce((sum, s) => sum + (s.count ?? s.data.length - (s.offset ?? 0)), 0);
}

/**
 * sort(|x|)[k] over the concatenation of `segments` (k 0-based), found by radix select on the
 * bit patterns as the kernel does. Throws a RangeError when k is outside [0, count).
 */
export function kthSmallestAbs(segments: Segment[], k: number): number {
  const total = segmentCount(segments);
  if (!Number.isInteger(k) || k < 0 || k >= total) {
    throw new RangeError(`k = ${k} is outside [0, ${total}) for the k-th smallest value`);
  }
  let prefix = 0;
  let rank = k;
  const hist = new Uint32Array(256);
  for (const { shift, highMask } of RADIX_PASSES) {
    hist.fill(0);
    for (const seg of segments) {
      const bits = bitsOf(seg.data);
      const start = seg.offset ?? 0;
      const end = start + (seg.count ?? seg.data.length - start);
      for (let i = start; i < end; i++) {
        const v = bits[i] & ABS_MASK;
        if (((v ^ prefix) & highMask) === 0) hist[(v >>> shift) & 255]++;
      }
    }
    let below = 0;
    for (let d = 0; d < 256; d++) {
      if (rank < below + hist[d]) {
        prefix = (prefix | (d << shift)) >>> 0;
        rank -= below;
        break;
      }
      below += hist[d];
    }
  }
  return bitsToFloat(prefix);
}

/** sort(x)[k] for non-negative values (k 0-based), the CPU twin of the GPU launcher. */
export function kthSmallestNonNegative(values: Float32Array, k: number, offset = 0, count = values.length - offset): number {
  return kthSmallestAbs([{ data: values, offset, count }], k);
}

/**
 * Per row of a [rows, cols] score matrix, marks the `k` entries with the smallest |score| (1 = pruned),
 * breaking ties by column: all entries below the k-th smallest value, then the first columns equal
 * to it. This is `torch.sort(score, dim=-1, stable=True)[:, :k]`, as wanda's pruning uses it.
 */
export function pruneLowestPerRow(score: Float32Array, rows: number, cols: number, k: number): Uint8Array {
  if (!Number.isInteger(k) || k < 0 || k > cols) throw new RangeError(`cannot prune ${k} of ${cols} entries per row`);
  const mask = new Uint8Array(rows * cols);
  if (k === 0) return mask;
  const row = new Float32Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) row[c] = Math.abs(score[base + c]);
    const t = kthSmallestAbs([{ data: row }], k - 1);
    let below = 0;
    for (let c = 0; c < cols; c++) if (row[c] < t) below++;
    let equalLeft = k - below;
    for (let c = 0; c < cols; c++) {
      const v = row[c];
      if (v < t || (v === t && equalLeft-- > 0)) mask[base + c] = 1;
    }
  }
  return mask;
}
