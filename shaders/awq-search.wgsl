// AWQ scale search, one candidate s: diff = W - Q(W*s)/s, whose output x diff^T gives the loss.
// One invocation per (row, group); s is row s_offset/cols of the candidate table [20, cols].
// Needs awq_quantizer.wgsl prepended. Twin: searchLoss in src/compress/reference/awq.ts.

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read> s: array<f32>;
@group(0) @binding(2) var<storage, read_write> diff: array<f32>;
@group(0) @binding(3) var<uniform> p: AwqParams;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i >= p.rows * p.n_groups) { return; }
  let span = awq_group_span(i, p);
  let c0 = p.s_offset + (span.x % p.cols);
  var lo = w[span.x] * s[c0];
  var hi = lo;
  for (var j = 1u; j < span.y; j++) {
    let v = w[span.x + j] * s[c0 + j];
    lo = min(lo, v);
    hi = max(hi, v);
  }
  let grid = awq_grid(lo, hi, p.bits);
  for (var j = 0u; j < span.y; j++) {
    let sj = s[c0 + j];
    let wv = w[span.x + j];
    diff[span.x + j] = wv - awq_value(awq_code(wv * sj, grid), grid) / sj;
  }
}
