// LLM.int8-style quantisation, step 2: outlier columns copied exactly, the rest rounded to
// round(w/scale) in [-127, 127] and dequantised. One invocation per 4 consecutive weights (row-major),
// whose codes it packs as bytes (two's complement, byte j = weight 4q + j) into one u32, so the codes
// come back as an Int8Array without a widening copy, and the row is found with one division per 4
// weights. Twin: src/compress/reference/int8.ts.

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
@group(0) @binding(4) var<storage, read_write> codes: array<u32>;
@group(0) @binding(5) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let q = gid.x + gid.y * p.nx * 64u;
  let n = p.rows * p.cols;
  let first = 4u * q;
  if (first >= n) { return; }
  var r = first / p.cols;
  var c = first - r * p.cols;
  var s = scale[r];
  var packed = 0u;
  for (var j = 0u; j < 4u; j++) {
    let i = first + j;
    if (i >= n) { break; }
    if (c == p.cols) {
      c = 0u;
      r++;
      s = scale[r];
    }
    var code = 0i;
    var value = 0.0;
    if (outlier[c] != 0u) {
      value = w[i];
    } else if (s > 0.0) {
      let rounded = clamp(round(w[i] / s), -p.qmax, p.qmax);
      value = rounded * s;
      code = i32(rounded);
    }
    out[i] = value;
    packed |= (bitcast<u32>(code) & 255u) << (8u * j);
    c++;
  }
  codes[q] = packed;
}

// Four weights of one row per invocation through vec4 views, when cols % 4 == 0. Under CPU
// emulation a vec4 access costs about what a scalar one does. Bound at the scalar views' slots.
@group(0) @binding(0) var<storage, read> w4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> outlier4: array<vec4<u32>>;
@group(0) @binding(3) var<storage, read_write> out4: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main4(@builtin(global_invocation_id) gid: vec3u) {
  let q = gid.x + gid.y * p.nx * 64u;
  if (q >= p.rows * p.cols / 4u) { return; }
  let r = (4u * q) / p.cols;
  let s = scale[r];
  let x = w4[q];
  let is_outlier = outlier4[q - r * (p.cols / 4u)] != vec4u(0u);
  var rounded = vec4f(0.0);
  if (s > 0.0) { rounded = clamp(round(x / s), vec4f(-p.qmax), vec4f(p.qmax)); }
  out4[q] = select(rounded * s, x, is_outlier);
  let b = bitcast<vec4u>(select(vec4i(rounded), vec4i(0), is_outlier)) & vec4u(255u);
  codes[q] = b.x | (b.y << 8u) | (b.z << 16u) | (b.w << 24u);
}
