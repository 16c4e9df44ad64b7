// Packed codes back to float: scale * (code - zero) with the (row, group) parameters, the column's
// group taken from g_idx when act-order permuted the groups. One invocation per packed word (its
// floor(32/bits) codes): the word is read once and the group found without a division per weight,
// which on CPU-emulated adapters cost more than the rest of the work.
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
  if (i >= p.rows * p.words_per_row) { return; }
  let r = i / p.words_per_row;
  let per = 32u / p.bits;
  let c0 = (i - r * p.words_per_row) * per;
  let c1 = min(c0 + per, p.cols);
  let code_mask = (1u << p.bits) - 1u;
  let word = words[i];
  var g = c0 / p.group_size;
  var next_group = (g + 1u) * p.group_size;
  for (var c = c0; c < c1; c++) {
    if (p.has_g_idx != 0u) {
      g = u32(g_idx[c]);
    } else if (c >= next_group) {
      g++;
      next_group += p.group_size;
    }
    let gi = r * p.n_groups + g;
    let code = (word >> ((c - c0) * p.bits)) & code_mask;
    out[r * p.cols + c] = scale[gi] * (f32(code) - zero[gi]);
  }
}

// One packed word per invocation with its codes written as vec4s, when a word holds a multiple
// of 4 codes (2-, 4- and 8-bit), cols % 4 == 0 and the group size is a multiple of the codes per
// word (so a word lies in one group), without g_idx: one word, scale and zero load per word. Under
// CPU emulation a vec4 store costs about what a scalar one does. Bound at other slots than main's
// (g_idx is not read here).
@group(0) @binding(3) var<storage, read_write> out4: array<vec4<f32>>;
@group(0) @binding(4) var<uniform> p4: Params;

@compute @workgroup_size(64)
fn main4(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p4.nx * 64u;
  if (i >= p4.rows * p4.words_per_row) { return; }
  let r = i / p4.words_per_row;
  let per = 32u / p4.bits;
  let c0 = (i - r * p4.words_per_row) * per;
  let quads = (min(c0 + per, p4.cols) - c0) / 4u;
  let word = words[i];
  let gi = r * p4.n_groups + c0 / p4.group_size;
  let s = scale[gi];
  let z = zero[gi];
  let first = (r * p4.cols + c0) / 4u;
  let lanes = vec4u(0u, 1u, 2u, 3u) * p4.bits;
  let code_mask = vec4u((1u << p4.bits) - 1u);
  for (var q = 0u; q < quads; q++) {
    let codes = (vec4u(word) >> (lanes + vec4u(4u * q * p4.bits))) & code_mask;
    out4[first + q] = s * (vec4f(codes) - z);
  }
}
