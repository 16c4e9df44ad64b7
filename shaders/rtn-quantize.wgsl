// Round-to-nearest, step 2: every weight to its integer code and back, on its group's grid.
// One invocation per weight. Needs quantizer.wgsl prepended. Twin: src/compress/reference/rtn.ts.

struct Params {
  rows: u32, cols: u32, group_size: u32, n_groups: u32,
  bits: u32, sym: u32, nx: u32, _pad: u32,
}

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read> scale: array<f32>;
@group(0) @binding(2) var<storage, read> zero: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<storage, read_write> codes: array<u32>;
@group(0) @binding(5) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i >= p.rows * p.cols) { return; }
  let gi = (i / p.cols) * p.n_groups + (i % p.cols) / p.group_size;
  let grid = Grid(scale[gi], zero[gi], f32((1u << p.bits) - 1u));
  let code = quant_code(w[i], grid);
  codes[i] = u32(code);
  out[i] = dequant_code(code, grid);
}
