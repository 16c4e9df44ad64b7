// AWQ auto_clip, one shrink step: per (row, group) of W*s, maxval = amax|W*s| * factor, then
// diff = Q(clamp(W*s, -maxval, maxval)) - W*s, whose partial outputs give the clipping error.
// Needs awq_quantizer.wgsl prepended. Twin: autoClip/clipBounds in src/compress/reference/awq.ts.

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read> s: array<f32>;
@group(0) @binding(2) var<storage, read_write> diff: array<f32>;
@group(0) @binding(3) var<storage, read_write> maxval: array<f32>;
@group(0) @binding(4) var<uniform> p: AwqParams;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i >= p.rows * p.n_groups) { return; }
  let span = awq_group_span(i, p);
  let c0 = p.s_offset + (span.x % p.cols);
  var amax = 0.0;
  for (var j = 0u; j < span.y; j++) { amax = max(amax, abs(w[span.x + j] * s[c0 + j])); }
  let m = amax * p.factor;
  maxval[i] = m;
  var lo = clamp(w[span.x] * s[c0], -m, m);
  var hi = lo;
  for (var j = 1u; j < span.y; j++) {
    let v = clamp(w[span.x + j] * s[c0 + j], -m, m);
    lo = min(lo, v);
    hi = max(hi, v);
  }
  let grid = awq_grid(lo, hi, p.bits);
  for (var j = 0u; j < span.y; j++) {
    let ws = w[span.x + j] * s[c0 + j];
    diff[span.x + j] = awq_value(awq_code(clamp(ws, -m, m), grid), grid) - ws;
  }
}
