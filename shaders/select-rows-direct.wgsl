// select-rows.wgsl without workgroup memory or barriers, for CPU-emulated adapters (SwiftShader):
// one invocation per row runs the whole radix select of its row with a private histogram. There a
// barrier makes every 4-lane subgroup a coroutine, and one row per invocation keeps all lanes busy
// with no synchronisation at all. Same semantics: the k smallest |score| per row, ties broken by
// column. Twin: pruneLowestPerRow in src/compress/reference/select.ts.

struct Params {
  rows: u32,
  cols: u32,
  words: u32,
  nx: u32,
  k: u32, // entries pruned per row, 0..cols
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<storage, read> score: array<u32>;
@group(0) @binding(1) var<storage, read_write> mask: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

fn count_digit(hist: ptr<function, array<u32, 256>>, v: u32, prefix: u32, high_mask: u32, shift: u32) {
  if (((v ^ prefix) & high_mask) == 0u) {
    let d = (v >> shift) & 255u;
    (*hist)[d] = (*hist)[d] + 1u;
  }
}

// The target's bits fixed so far, its rank among the entries that share them, and whether it is
// the only such entry.
struct Pick {
  prefix: u32,
  rank: u32,
  unique: bool,
}

// Fixes the target's digit at `shift` from the round's histogram.
fn pick_digit(hist: ptr<function, array<u32, 256>>, prefix: u32, rank: u32, shift: u32) -> Pick {
  var below = 0u;
  for (var d = 0u; d < 256u; d++) {
    let n = (*hist)[d];
    if (rank < below + n) { return Pick(prefix | (d << shift), rank - below, n == 1u); }
    below += n;
  }
  return Pick(prefix, rank, false);
}

// Bits above the digit at `shift`, fixed by the rounds before it (none in round 0).
fn high_mask_of(round: u32, shift: u32) -> u32 {
  if (round == 0u) { return 0u; }
  return 0xffffffffu << (shift + 8u);
}

// Whether an entry whose fixed bits are `v` is pruned: below the target, or one of the first
// `equal_pruned` entries equal to it in column order.
fn pruned(v: u32, t: u32, equal_pruned: u32, seen: ptr<function, u32>) -> bool {
  if (v < t) { return true; }
  if (v != t) { return false; }
  let take = *seen < equal_pruned;
  *seen = *seen + 1u;
  return take;
}

fn clear_row_mask(mask_base: u32) {
  for (var j = 0u; j < p.words; j++) { mask[mask_base + j] = 0u; }
}

@compute @workgroup_size(16)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let row = gid.x + gid.y * p.nx * 16u;
  if (row >= p.rows) { return; }
  let base = row * p.cols;
  let mask_base = row * p.words;
  if (p.k == 0u) {
    clear_row_mask(mask_base);
    return;
  }

  var hist: array<u32, 256>;
  var prefix = 0u;
  var rank = p.k - 1u;
  // Bits of the target fixed so far. Once a digit's bucket holds a single entry, that entry is the
  // target and no other entry shares its fixed bits, so comparing the fixed bits alone orders every
  // entry against it exactly, and the later rounds are skipped (on 512 random columns, after the second of four).
  var fixed = 0u;
  for (var round = 0u; round < 4u; round++) {
    let shift = 24u - 8u * round;
    let high_mask = high_mask_of(round, shift);
    for (var b = 0u; b < 256u; b++) { hist[b] = 0u; }
    for (var c = 0u; c < p.cols; c++) {
      count_digit(&hist, score[base + c] & 0x7fffffffu, prefix, high_mask, shift);
    }
    let pick = pick_digit(&hist, prefix, rank, shift);
    prefix = pick.prefix;
    rank = pick.rank;
    fixed = (0xffffffffu << shift) & 0x7fffffffu;
    if (pick.unique) { break; }
  }
  let t = prefix;
  // rank is the target's rank among the entries equal to t: that many + 1 of them are pruned.
  let equal_pruned = rank + 1u;
  var seen = 0u;
  for (var j = 0u; j < p.words; j++) {
    var bits = 0u;
    let c0 = j * 32u;
    let c1 = min(c0 + 32u, p.cols);
    for (var c = c0; c < c1; c++) {
      if (pruned(score[base + c] & fixed, t, equal_pruned, &seen)) { bits |= 1u << (c - c0); }
    }
    mask[mask_base + j] = bits;
  }
}

// The same through a vec4 view of the scores, when cols % 4 == 0: a quarter of the loads, which
// under CPU emulation cost about as much each as a scalar one. Bound at score's slot.
@group(0) @binding(0) var<storage, read> score4: array<vec4<u32>>;

@compute @workgroup_size(16)
fn main4(@builtin(global_invocation_id) gid: vec3u) {
  let row = gid.x + gid.y * p.nx * 16u;
  if (row >= p.rows) { return; }
  let quads = p.cols / 4u;
  let base = row * quads;
  let mask_base = row * p.words;
  if (p.k == 0u) {
    clear_row_mask(mask_base);
    return;
  }

  var hist: array<u32, 256>;
  var prefix = 0u;
  var rank = p.k - 1u;
  var fixed = 0u;
  for (var round = 0u; round < 4u; round++) {
    let shift = 24u - 8u * round;
    let high_mask = high_mask_of(round, shift);
    for (var b = 0u; b < 256u; b++) { hist[b] = 0u; }
    for (var c = 0u; c < quads; c++) {
      let v = score4[base + c] & vec4u(0x7fffffffu);
      count_digit(&hist, v.x, prefix, high_mask, shift);
      count_digit(&hist, v.y, prefix, high_mask, shift);
      count_digit(&hist, v.z, prefix, high_mask, shift);
      count_digit(&hist, v.w, prefix, high_mask, shift);
    }
    let pick = pick_digit(&hist, prefix, rank, shift);
    prefix = pick.prefix;
    rank = pick.rank;
    fixed = (0xffffffffu << shift) & 0x7fffffffu;
    if (pick.unique) { break; }
  }
  let t = prefix;
  let equal_pruned = rank + 1u;
  var seen = 0u;
  for (var j = 0u; j < p.words; j++) {
    var bits = 0u;
    let q0 = j * 8u;
    let q1 = min(q0 + 8u, quads);
    for (var q = q0; q < q1; q++) {
      let v = score4[base + q] & vec4u(fixed);
      for (var e = 0u; e < 4u; e++) {
        if (pruned(v[e], t, equal_pruned, &seen)) { bits |= 1u << (4u * (q - q0) + e); }
      }
    }
    mask[mask_base + j] = bits;
  }
}
