// Blocked right-looking Cholesky, step 1: factor the diagonal block A[k0:k0+bs, k0:k0+bs]
// (bs <= 64, already updated by the earlier trailing products) in workgroup memory, write L11 to
// its lower triangle and zeros above. A pivot that is not positive sets status[0] = 1.
// Twin: choleskyLower in src/compress/reference/cholesky.ts.

struct Params { n: u32, k0: u32, bs: u32, _pad: u32 }

@group(0) @binding(0) var<storage, read_write> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> status: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

var<workgroup> blk: array<f32, 4096>; // [64][64], row t at t * 64

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) t: u32) {
  let bs = p.bs;
  let base = p.k0 * p.n + p.k0;
  if (t < bs) {
    for (var k = 0u; k <= t; k++) { blk[t * 64u + k] = a[base + t * p.n + k]; }
  }
  workgroupBarrier();
  for (var j = 0u; j < bs; j++) {
    if (t == j) {
      let pivot = blk[j * 64u + j];
      if (!(pivot > 0.0)) { status[0] = 1u; }
      blk[j * 64u + j] = sqrt(pivot);
    }
    workgroupBarrier();
    if (t > j && t < bs) { blk[t * 64u + j] = blk[t * 64u + j] / blk[j * 64u + j]; }
    workgroupBarrier();
    if (t > j && t < bs) {
      let ltj = blk[t * 64u + j];
      for (var k = j + 1u; k <= t; k++) { blk[t * 64u + k] -= ltj * blk[k * 64u + j]; }
    }
    workgroupBarrier();
  }
  if (t < bs) {
    for (var k = 0u; k < bs; k++) {
      a[base + t * p.n + k] = select(0.0, blk[t * 64u + k], k <= t);
    }
  }
}
