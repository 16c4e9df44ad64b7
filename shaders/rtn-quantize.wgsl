// Round-to-nearest, step 2: every weight to its integer code and back on its group's grid, with
// the codes packed into u32 words as they are made (codes per word = floor(32/bits), little-endian,
// each row starting on a fresh word, as pack-codes.wgsl lays them out). One invocation per word:
// a group's grid is loaded once per group it meets and no index needs a division per weight, which
// on CPU-emulated adapters cost more than the arithmetic. Needs quantizer.wgsl prepended.
// Twin: src/compress/reference/rtn.ts (and packCodes in src/compress/reference/pack.ts).

struct Params {
  rows: u32, cols: u32, group_size: u32, n_groups: u32,
  bits: u32, sym: u32, nx: u32, words_per_row: u32,
}

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read> scale: array<f32>;
@group(0) @binding(2) var<storage, read> zero: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<storage, read_write> words: array<u32>;
@group(0) @binding(5) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i >= p.rows * p.words_per_row) { return; }
  let r = i / p.words_per_row;
  let per = 32u / p.bits;
  let c0 = (i - r * p.words_per_row) * per;
  let c1 = min(c0 + per, p.cols);
  let maxq = f32((1u << p.bits) - 1u);
  var g = c0 / p.group_size;
  var next_group = (g + 1u) * p.group_size;
  var grid = Grid(scale[r * p.n_groups + g], zero[r * p.n_groups + g], maxq);
  var word = 0u;
  for (var c = c0; c < c1; c++) {
    if (c >= next_group) {
      g++;
      next_group += p.group_size;
      grid = Grid(scale[r * p.n_groups + g], zero[r * p.n_groups + g], maxq);
    }
    let at = r * p.cols + c;
    let code = quant_code(w[at], grid);
    out[at] = dequant_code(code, grid);
    word |= u32(code) << ((c - c0) * p.bits);
  }
  words[i] = word;
}

// The same through vec4 views, when a word holds a multiple of 4 codes (2-, 4- and 8-bit),
// cols % 4 == 0 and the group size is a multiple of 4, so each vec4 lies in one word and one group.
// Under CPU emulation a vec4 access costs about what a scalar one does. Bound at the scalar slots.
@group(0) @binding(0) var<storage, read> w4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out4: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main4(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i >= p.rows * p.words_per_row) { return; }
  let r = i / p.words_per_row;
  let per = 32u / p.bits;
  let c0 = (i - r * p.words_per_row) * per;
  let quads = (min(c0 + per, p.cols) - c0) / 4u;
  let maxq = f32((1u << p.bits) - 1u);
  let lanes = vec4u(0u, 1u, 2u, 3u) * p.bits;
  var word = 0u;
  for (var j = 0u; j < quads; j++) {
    let c = c0 + 4u * j;
    let gi = r * p.n_groups + c / p.group_size;
    let s = scale[gi];
    let z = zero[gi];
    let at = (r * p.cols + c) / 4u;
    // quant_code and dequant_code of quantizer.wgsl, four at a time.
    let code = clamp(round(w4[at] / s) + z, vec4f(0.0), vec4f(maxq));
    out4[at] = s * (code - z);
    let v = vec4u(code) << (lanes + vec4u(4u * j * p.bits));
    word |= v.x | v.y | v.z | v.w;
  }
  words[i] = word;
}
