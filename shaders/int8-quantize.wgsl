// LLM.int8-style quantisation, step 2: outlier columns copied exactly, the rest rounded to
// round(w/scale) in [-127, 127] and dequantised. One invocation per weight.
// Twin: src/compress/reference/int8.ts.

struct Params {
  rows: u32, cols: u32, nx: u32,
  // 127, passed at run time: a division by a literal is compiled to a multiplication by its
  // reciprocal (measured on SwiftShader), which is not the correctly rounded absmax / 127.
  qmax: f32,
}

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read> outlier: array<u32>;
@group(0) @binding(2) var<storage, read> scale: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<storage, read_write> codes: array<i32>;
@group(0) @binding(5) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i >= p.rows * p.cols) { return; }
  let s = scale[i / p.cols];
  if (outlier[i % p.cols] != 0u) {
    out[i] = w[i];
    codes[i] = 0;
  } else if (s > 0.0) {
    let q = clamp(round(w[i] / s), -p.qmax, p.qmax);
    out[i] = q * s;
    codes[i] = i32(q);
  } else {
    out[i] = 0.0;
    codes[i] = 0;
  }
}
