// Packed codes back to float: scale * (code - zero) with the (row, group) parameters, the column's
// group taken from g_idx when act-order permuted the groups. One invocation per weight.
// Twin: src/compress/reference/pack.ts (dequantPacked).

struct Params {
  rows: u32, cols: u32, bits: u32, words_per_row: u32,
  group_size: u32, n_groups: u32, has_g_idx: u32, nx: u32,
}

@group(0) @binding(0) var<storage, read> words: array<u32>;
@group(0) @binding(1) var<storage, read> scale: array<f32>;
@group(0) @binding(2) var<storage, read> zero: array<f32>;
@group(0) @binding(3) var<storage, read> g_idx: array<i32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i >= p.rows * p.cols) { return; }
  let r = i / p.cols;
  let c = i % p.cols;
  let per = 32u / p.bits;
  let word = words[r * p.words_per_row + c / per];
  let code = (word >> ((c % per) * p.bits)) & ((1u << p.bits) - 1u);
  var g = c / p.group_size;
  if (p.has_g_idx != 0u) { g = u32(g_idx[c]); }
  let gi = r * p.n_groups + g;
  out[i] = scale[gi] * (f32(code) - zero[gi]);
}
