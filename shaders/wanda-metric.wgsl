// Wanda's pruning score |W_ij| * sqrt(scaler_row_j) in float32. The square roots arrive
// precomputed (correctly rounded on the CPU): WGSL's sqrt is not required to be exact, and one ulp
// there could flip a mask entry at a row cut. Twin: wandaMetric in src/compress/reference/wanda.ts.

struct Params {
  count: u32, // rows * cols
  cols: u32,
  nx: u32,
  _pad0: u32,
}

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read> sqrt_scaler: array<f32>;
@group(0) @binding(2) var<storage, read_write> metric: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 256u;
  if (i >= p.count) { return; }
  metric[i] = abs(w[i]) * sqrt_scaler[i % p.cols];
}

// Four entries per invocation through vec4 views, when cols % 4 == 0 (see mask-apply.wgsl's main4),
// bound at the scalar views' slots: no entry point uses both.
@group(0) @binding(0) var<storage, read> w4: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> sqrt_scaler4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> metric4: array<vec4<f32>>;

@compute @workgroup_size(256)
fn main4(@builtin(global_invocation_id) gid: vec3u) {
  let q = gid.x + gid.y * p.nx * 256u;
  if (q >= p.count / 4u) { return; }
  metric4[q] = abs(w4[q]) * sqrt_scaler4[q % (p.cols / 4u)];
}
