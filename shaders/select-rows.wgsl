// Per-row pruning of the k smallest |score| with stable ties, as torch.sort(stable=True)[:, :k]:
// one workgroup per row finds the k-th smallest pattern t by radix select (4 passes over 8-bit
// digits, histogram in workgroup memory, reading the row from global memory each pass), then prunes
// every entry below t and the first (in column order) entries equal to t until k are pruned.
// Output: bit mask, ceil(cols/32) words per row. Twin: pruneLowestPerRow in src/compress/reference/select.ts.

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

// Invocations per row. 64 rather than 256: each round needs three barriers, and under CPU
// emulation (SwiftShader) 256 made the 4096x4096 selection ~3x slower; a GPU has rows to spare.
override WG: u32 = 64u;

var<workgroup> hist: array<atomic<u32>, 256>;
var<workgroup> equal_before: array<u32, WG>;
var<workgroup> sel_prefix: u32;
var<workgroup> sel_rank: u32;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x + wid.y * p.nx;
  if (row >= p.rows) { return; }
  let base = row * p.cols;
  let mask_base = row * p.words;
  // Each invocation owns a contiguous run of whole mask words, so it writes them without atomics.
  let words_per = (p.words + WG - 1u) / WG;
  let w_begin = min(lid * words_per, p.words);
  let w_end = min(w_begin + words_per, p.words);
  let c_begin = w_begin * 32u;
  let c_end = min(w_end * 32u, p.cols);

  if (p.k == 0u) {
    for (var j = w_begin; j < w_end; j++) { mask[mask_base + j] = 0u; }
    return;
  }

  if (lid == 0u) {
    sel_prefix = 0u;
    sel_rank = p.k - 1u;
  }
  for (var round = 0u; round < 4u; round++) {
    let shift = 24u - 8u * round;
    // Bits above the current digit; none on the first pass (a shift by 32 is not defined).
    var high_mask = 0u;
    if (round > 0u) { high_mask = 0xffffffffu << (shift + 8u); }
    for (var b = lid; b < 256u; b += WG) { atomicStore(&hist[b], 0u); }
    workgroupBarrier();
    let prefix = sel_prefix;
    for (var c = lid; c < p.cols; c += WG) {
      let v = score[base + c] & 0x7fffffffu;
      if (((v ^ prefix) & high_mask) == 0u) { atomicAdd(&hist[(v >> shift) & 255u], 1u); }
    }
    workgroupBarrier();
    if (lid == 0u) {
      var below = 0u;
      for (var d = 0u; d < 256u; d++) {
        let n = atomicLoad(&hist[d]);
        if (sel_rank < below + n) {
          sel_prefix = prefix | (d << shift);
          sel_rank = sel_rank - below;
          break;
        }
        below += n;
      }
    }
    workgroupBarrier();
  }
  let t = sel_prefix;
  // sel_rank is the target's rank among the entries equal to t: that many + 1 of them are pruned.
  let equal_pruned = sel_rank + 1u;

  var mine = 0u;
  for (var c = c_begin; c < c_end; c++) {
    if ((score[base + c] & 0x7fffffffu) == t) { mine++; }
  }
  equal_before[lid] = mine;
  workgroupBarrier();
  if (lid == 0u) {
    var run = 0u;
    for (var i = 0u; i < WG; i++) {
      let n = equal_before[i];
      equal_before[i] = run;
      run += n;
    }
  }
  workgroupBarrier();
  var seen = equal_before[lid];
  for (var j = w_begin; j < w_end; j++) {
    var bits = 0u;
    for (var b = 0u; b < 32u; b++) {
      let c = j * 32u + b;
      if (c >= p.cols) { break; }
      let v = score[base + c] & 0x7fffffffu;
      if (v < t) {
        bits |= 1u << b;
      } else if (v == t) {
        if (seen < equal_pruned) { bits |= 1u << b; }
        seen++;
      }
    }
    mask[mask_base + j] = bits;
  }
}
