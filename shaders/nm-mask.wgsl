// N:M mask over any score matrix: in every row, each group of M consecutive columns starting at
// a multiple of M prunes its N smallest |score|, lower column first among equal scores. Rank of
// an entry = scores in its group that sort before it; the entry is pruned when its rank < N.
// One invocation per 32-column mask word. Twin: src/compress/reference/nm.ts.

struct Params {
  rows: u32,
  cols: u32,
  words: u32, // mask words per row: ceil(cols / 32)
  nx: u32,
  n: u32,
  m: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<storage, read> score: array<u32>;
@group(0) @binding(1) var<storage, read_write> mask: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 256u;
  if (i >= p.rows * p.words) { return; }
  let base = (i / p.words) * p.cols;
  let col0 = (i % p.words) * 32u;
  var bits = 0u;
  for (var b = 0u; b < 32u; b++) {
    let c = col0 + b;
    if (c >= p.cols) { break; }
    // Magnitudes as bit patterns order like the values.
    let s = score[base + c] & 0x7fffffffu;
    let g0 = c - c % p.m;
    var rank = 0u;
    for (var j = g0; j < g0 + p.m; j++) {
      let sj = score[base + j] & 0x7fffffffu;
      if (sj < s || (sj == s && j < c)) { rank++; }
    }
    if (rank < p.n) { bits |= 1u << b; }
  }
  mask[i] = bits;
}
