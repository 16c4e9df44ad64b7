// The matrix-product baseline of the kernel benchmark: C[M, N] = A[M, K] @ B[K, N], dense
// row-major. Each workgroup computes a 64x64 tile of C, each invocation a 4x4 block, with 16-deep
// slices of A and B staged in workgroup memory. The OBS and matrix kernels' FLOP/s are reported
// as fractions of this kernel's rate on the same adapter. Twin: src/compress/reference/matmul.ts.

struct Params {
  m: u32, n: u32, k: u32, _pad: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

const TILE: u32 = 64u;
const KSTEP: u32 = 16u;

var<workgroup> tile_a: array<array<f32, 64>, 16>; // [k][m]
var<workgroup> tile_b: array<array<f32, 64>, 16>; // [k][n]

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row0 = wg.y * TILE;
  let col0 = wg.x * TILE;
  let flat = lid.y * 16u + lid.x;
  var acc: array<array<f32, 4>, 4>;
  for (var k0 = 0u; k0 < p.k; k0 += KSTEP) {
    // 256 invocations stage 64x16 values of each operand, 4 each; zero outside the matrices.
    for (var r = 0u; r < 4u; r++) {
      let idx = flat * 4u + r;
      let kk = idx / TILE;
      let mm = idx % TILE;
      var av = 0.0;
      if (row0 + mm < p.m && k0 + kk < p.k) { av = a[(row0 + mm) * p.k + k0 + kk]; }
      tile_a[kk][mm] = av;
      var bv = 0.0;
      if (k0 + kk < p.k && col0 + mm < p.n) { bv = b[(k0 + kk) * p.n + col0 + mm]; }
      tile_b[kk][mm] = bv;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < KSTEP; kk++) {
      var av: array<f32, 4>;
      var bv: array<f32, 4>;
      for (var i = 0u; i < 4u; i++) {
        av[i] = tile_a[kk][lid.y * 4u + i];
        bv[i] = tile_b[kk][lid.x * 4u + i];
      }
      for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) {
          acc[i][j] = fma(av[i], bv[j], acc[i][j]);
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let row = row0 + lid.y * 4u + i;
    if (row >= p.m) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + lid.x * 4u + j;
      if (col < p.n) { c[row * p.n + col] = acc[i][j]; }
    }
  }
}
