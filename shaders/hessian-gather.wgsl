// The matrix the Cholesky factorises: A = J P^T (H + damp I) P J, with P the column order and J
// the reversal (A[r, c] = H[s(r), s(c)], s(r) = order[n-1-r]); the diagonal takes the dead-column
// fix and the damping. Factorising the reversed matrix gives the upper Cholesky factor of the
// inverse directly (see upperCholeskyOfInverse in src/compress/reference/cholesky.ts).

struct Params { n: u32, _pad0: u32, _pad1: u32, _pad2: u32 }

@group(0) @binding(0) var<storage, read> h: array<f32>;
@group(0) @binding(1) var<storage, read> order: array<u32>;
@group(0) @binding(2) var<storage, read> diag_fixed: array<f32>;
@group(0) @binding(3) var<storage, read> damping: array<f32>;
@group(0) @binding(4) var<storage, read_write> a: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  let r = gid.y;
  if (r >= p.n || c >= p.n) { return; }
  let sr = order[p.n - 1u - r];
  let sc = order[p.n - 1u - c];
  var v = h[sr * p.n + sc];
  if (r == c) { v = diag_fixed[sr] + damping[0]; }
  a[r * p.n + c] = v;
}
