// AWQ auto_clip error of one (shrink step, group): for every output row r,
// err = d^T G d / tokens, the mean over the sampled tokens of the squared partial output
// difference, from f = d G (the group's weight difference times its Gram matrix x_g^T x_g).
// Written to err[(step * rows + r) * n_groups + g]. One invocation per row.
// Twin: autoClip in src/compress/reference/awq.ts.

struct Params {
  tokens: u32, rows: u32, n_groups: u32, step: u32,
  group: u32, nx: u32, cols: u32, group_size: u32,
  width: u32, _pad0: u32, _pad1: u32, _pad2: u32,
}

@group(0) @binding(0) var<storage, read> f: array<f32>;
@group(0) @binding(1) var<storage, read> diff: array<f32>;
@group(0) @binding(2) var<storage, read_write> err: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = gid.x + gid.y * p.nx * 64u;
  if (r >= p.rows) { return; }
  let d0 = r * p.cols + p.group * p.group_size;
  var sum = 0.0;
  for (var c = 0u; c < p.width; c++) {
    sum += f[r * p.group_size + c] * diff[d0 + c];
  }
  err[(p.step * p.rows + r) * p.n_groups + p.group] = sum / f32(max(p.tokens, 1u));
}
