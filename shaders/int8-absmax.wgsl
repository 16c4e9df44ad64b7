// LLM.int8-style quantisation, step 1: per output row, the absmax over the non-outlier input
// columns and the scale absmax/127. One invocation per row. Twin: src/compress/reference/int8.ts.

struct Params {
  rows: u32, cols: u32, nx: u32,
  // 127, passed at run time: a division by a literal is compiled to a multiplication by its
  // reciprocal (measured on SwiftShader), which is not the correctly rounded absmax / 127.
  qmax: f32,
}

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read> outlier: array<u32>;
@group(0) @binding(2) var<storage, read_write> scale: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = gid.x + gid.y * p.nx * 64u;
  if (r >= p.rows) { return; }
  var absmax = 0.0;
  for (var c = 0u; c < p.cols; c++) {
    if (outlier[c] == 0u) { absmax = max(absmax, abs(w[r * p.cols + c])); }
  }
  scale[r] = absmax / p.qmax;
}

// The same through vec4 views, when cols % 4 == 0 (a quarter of the loop steps). The maximum does
// not depend on the order it is taken in. Bound at the scalar views' slots.
@group(0) @binding(0) var<storage, read> w4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> outlier4: array<vec4<u32>>;

@compute @workgroup_size(64)
fn main4(@builtin(global_invocation_id) gid: vec3u) {
  let r = gid.x + gid.y * p.nx * 64u;
  if (r >= p.rows) { return; }
  let quads = p.cols / 4u;
  var m = vec4f(0.0);
  for (var c = 0u; c < quads; c++) {
    m = max(m, select(abs(w4[r * quads + c]), vec4f(0.0), outlier4[c] != vec4u(0u)));
  }
  scale[r] = max(max(m.x, m.y), max(m.z, m.w)) / p.qmax;
}
