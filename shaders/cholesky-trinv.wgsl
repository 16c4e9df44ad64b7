// Inverse of a lower triangular L, one block row at a time: for rows [r0, r0+bs),
// X[r0:, :r0] = -L11^-1 (L[r0:, :r0] X[:r0, :r0]) (the product t comes from the matmul kernel) and
// X[r0:, r0:r0+bs] = L11^-1. One invocation per column c < r0 + bs solves L11 y = rhs.
// Twin: invertLower in src/compress/reference/cholesky.ts.

struct Params { n: u32, r0: u32, bs: u32, nx: u32 }

@group(0) @binding(0) var<storage, read> l: array<f32>;
@group(0) @binding(1) var<storage, read> t: array<f32>; // [bs, n]: L[r0:, :r0] X[:r0, :r0]
@group(0) @binding(2) var<storage, read_write> x: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x + gid.y * p.nx * 64u;
  if (c >= p.r0 + p.bs) { return; }
  var y: array<f32, 64>;
  for (var k = 0u; k < p.bs; k++) {
    let row = (p.r0 + k) * p.n + p.r0;
    var s: f32;
    if (c < p.r0) { s = -t[k * p.n + c]; } else { s = select(0.0, 1.0, c - p.r0 == k); }
    for (var q = 0u; q < k; q++) { s -= l[row + q] * y[q]; }
    y[k] = s / l[row + k];
    x[(p.r0 + k) * p.n + c] = y[k];
  }
}
