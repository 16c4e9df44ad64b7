// Blocked right-looking Cholesky, step 2: below the diagonal block, L21 = A21 L11^-T row by row
// (forward substitution), written to A and to a dense [rows, 64] panel that the trailing product
// A22 -= L21 L21^T reads; the mirrored entries A[k0:k0+bs, r] above the diagonal are zeroed.

struct Params { n: u32, k0: u32, bs: u32, nx: u32 }

@group(0) @binding(0) var<storage, read_write> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> panel: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  let r = p.k0 + p.bs + i;
  if (r >= p.n) { return; }
  var x: array<f32, 64>;
  for (var j = 0u; j < p.bs; j++) {
    let lrow = (p.k0 + j) * p.n + p.k0;
    var s = a[r * p.n + p.k0 + j];
    for (var q = 0u; q < j; q++) { s -= x[q] * a[lrow + q]; }
    x[j] = s / a[lrow + j];
    a[r * p.n + p.k0 + j] = x[j];
    panel[i * 64u + j] = x[j];
    a[(p.k0 + j) * p.n + r] = 0.0;
  }
}
