// Round-to-nearest, step 1: GPTQ's find_params on every (row, group) slice of the weight.
// One invocation per (row, group); the last group of a row may be shorter. Needs quantizer.wgsl
// prepended. Twin: src/compress/reference/rtn.ts.

struct Params {
  rows: u32, cols: u32, group_size: u32, n_groups: u32,
  bits: u32, sym: u32, nx: u32, _pad: u32,
}

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read_write> scale: array<f32>;
@group(0) @binding(2) var<storage, read_write> zero: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i >= p.rows * p.n_groups) { return; }
  let r = i / p.n_groups;
  let g = i % p.n_groups;
  let start = r * p.cols + g * p.group_size;
  let end = r * p.cols + min(p.cols, (g + 1u) * p.group_size);
  var lo = w[start];
  var hi = w[start];
  for (var k = start + 1u; k < end; k++) {
    lo = min(lo, w[k]);
    hi = max(hi, w[k]);
  }
  let grid = grid_from_range(lo, hi, p.bits, p.sym != 0u);
  scale[i] = grid.scale;
  zero[i] = grid.zero;
}

// The same through a vec4 view, when cols and the group size are multiples of 4 (a quarter of the
// loop steps; min and max do not depend on the order). Bound at w's slot.
@group(0) @binding(0) var<storage, read> w4: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main4(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i >= p.rows * p.n_groups) { return; }
  let r = i / p.n_groups;
  let g = i % p.n_groups;
  let start = (r * p.cols + g * p.group_size) / 4u;
  let end = (r * p.cols + min(p.cols, (g + 1u) * p.group_size)) / 4u;
  var lo = w4[start];
  var hi = lo;
  for (var k = start + 1u; k < end; k++) {
    lo = min(lo, w4[k]);
    hi = max(hi, w4[k]);
  }
  let grid = grid_from_range(min(min(lo.x, lo.y), min(lo.z, lo.w)), max(max(hi.x, hi.y), max(hi.z, hi.w)), p.bits, p.sym != 0u);
  scale[i] = grid.scale;
  zero[i] = grid.zero;
}
