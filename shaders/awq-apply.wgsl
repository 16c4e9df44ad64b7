// AWQ final step: Q(clip(W*s)) per (row, group) with the chosen s (and clipping bounds when
// use_clip), written as the stored weight wq, the effective weight wq/s, codes and the grid
// (scale at [i], zero at [rows*n_groups + i]). Needs awq_quantizer.wgsl prepended.
// Twin: awqQuantizeGroups in src/compress/reference/awq.ts.

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read> s: array<f32>;
@group(0) @binding(2) var<storage, read> maxval: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<storage, read_write> wq: array<f32>;
@group(0) @binding(5) var<storage, read_write> codes: array<u32>;
@group(0) @binding(6) var<storage, read_write> grid_out: array<f32>;
@group(0) @binding(7) var<uniform> p: AwqParams;

fn clipped(i: u32, v: f32) -> f32 {
  if (p.use_clip == 0u) { return v; }
  return clamp(v, -maxval[i], maxval[i]);
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  let n = p.rows * p.n_groups;
  if (i >= n) { return; }
  let span = awq_group_span(i, p);
  let c0 = p.s_offset + (span.x % p.cols);
  var lo = clipped(i, w[span.x] * s[c0]);
  var hi = lo;
  for (var j = 1u; j < span.y; j++) {
    let v = clipped(i, w[span.x + j] * s[c0 + j]);
    lo = min(lo, v);
    hi = max(hi, v);
  }
  let grid = awq_grid(lo, hi, p.bits);
  grid_out[i] = grid.scale;
  grid_out[n + i] = grid.zero;
  for (var j = 0u; j < span.y; j++) {
    let code = awq_code(clipped(i, w[span.x + j] * s[c0 + j]), grid);
    let v = awq_value(code, grid);
    codes[span.x + j] = u32(code);
    wq[span.x + j] = v;
    out[span.x + j] = v / s[c0 + j];
  }
}
