// Round-to-nearest in one pass per (row, group): the group's grid (rtn-grid.wgsl), then its codes,
// dequantised values and packed words (rtn-quantize.wgsl), with the group read twice while it is
// still in cache instead of once per kernel, and no scale/zero read back from memory. Through vec4
// views: it needs cols and the group size to be multiples of 4, a multiple of 4 codes per word
// (2-, 4- and 8-bit) and a group size that is a multiple of the codes per word, so that no word
// spans two groups. About 1.7x the two kernels on SwiftShader (1024x1024, 4-bit, groups of 128).
// Needs quantizer.wgsl prepended. Twin: src/compress/reference/rtn.ts (and packCodes).

struct Params {
  rows: u32, cols: u32, group_size: u32, n_groups: u32,
  bits: u32, sym: u32, nx: u32, words_per_row: u32,
}
@group(0) @binding(0) var<storage, read> w4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> scale: array<f32>;
@group(0) @binding(2) var<storage, read_write> zero: array<f32>;
@group(0) @binding(3) var<storage, read_write> out4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> words: array<u32>;
@group(0) @binding(5) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i >= p.rows * p.n_groups) { return; }
  let r = i / p.n_groups;
  let g = i - r * p.n_groups;
  let c0 = g * p.group_size;
  let c1 = min(p.cols, c0 + p.group_size);
  let first = (r * p.cols + c0) / 4u;
  let quads = (c1 - c0) / 4u;
  var lo = w4[first];
  var hi = lo;
  for (var q = 1u; q < quads; q++) {
    let x = w4[first + q];
    lo = min(lo, x);
    hi = max(hi, x);
  }
  let grid = grid_from_range(min(min(lo.x, lo.y), min(lo.z, lo.w)), max(max(hi.x, hi.y), max(hi.z, hi.w)), p.bits, p.sym != 0u);
  scale[i] = grid.scale;
  zero[i] = grid.zero;
  let per = 32u / p.bits;
  let quads_per_word = per / 4u;
  let lanes = vec4u(0u, 1u, 2u, 3u) * p.bits;
  var word = 0u;
  var slot = 0u;
  var at_word = r * p.words_per_row + c0 / per;
  for (var q = 0u; q < quads; q++) {
    let code = clamp(round(w4[first + q] / grid.scale) + grid.zero, vec4f(0.0), vec4f(grid.maxq));
    out4[first + q] = grid.scale * (code - grid.zero);
    let v = vec4u(code) << (lanes + vec4u(4u * slot * p.bits));
    word |= v.x | v.y | v.z | v.w;
    slot++;
    if (slot == quads_per_word || q + 1u == quads) {
      words[at_word] = word;
      at_word++;
      word = 0u;
      slot = 0u;
    }
  }
}
