// General matrix product on strided row-major views: C = alpha * op(A) @ op(B) + beta * C.
// op(A) is [M, K], op(B) is [K, N]; TRANS_A / TRANS_B read A as [K, M] and B as [N, K].
// Each workgroup computes a 64x64 tile of C, each invocation a 4x4 block, staging 64x16 slices of
// A and B in workgroup memory. Twin: src/compress/reference/matmul.ts.

override TRANS_A: bool = false;
override TRANS_B: bool = false;

struct Params {
  m: u32, n: u32, k: u32, _pad0: u32,
  off_a: u32, off_b: u32, off_c: u32, _pad1: u32,
  ld_a: u32, ld_b: u32, ld_c: u32, _pad2: u32,
  alpha: f32, beta: f32, _pad3: u32, _pad4: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

const TILE: u32 = 64u;
const KSTEP: u32 = 16u;

var<workgroup> tile_a: array<array<f32, 64>, 16>; // [k][m]
var<workgroup> tile_b: array<array<f32, 64>, 16>; // [k][n]

fn load_a(row: u32, col: u32) -> f32 {
  // element (row, col) of op(A), zero outside
  if (row >= p.m || col >= p.k) { return 0.0; }
  if (TRANS_A) { return a[p.off_a + col * p.ld_a + row]; }
  return a[p.off_a + row * p.ld_a + col];
}

fn load_b(row: u32, col: u32) -> f32 {
  if (row >= p.k || col >= p.n) { return 0.0; }
  if (TRANS_B) { return b[p.off_b + col * p.ld_b + row]; }
  return b[p.off_b + row * p.ld_b + col];
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row0 = wg.y * TILE;
  let col0 = wg.x * TILE;
  let flat = lid.y * 16u + lid.x; // 0..255
  var acc: array<array<f32, 4>, 4>;
  for (var k0 = 0u; k0 < p.k; k0 += KSTEP) {
    // 256 invocations load 64x16 values of each operand: 4 each.
    for (var r = 0u; r < 4u; r++) {
      let idx = flat * 4u + r;     // 0..1023
      let kk = idx / TILE;         // 0..15
      let mm = idx % TILE;         // 0..63
      tile_a[kk][mm] = load_a(row0 + mm, k0 + kk);
      tile_b[kk][mm] = load_b(k0 + kk, col0 + mm);
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
      if (col >= p.n) { continue; }
      let at = p.off_c + row * p.ld_c + col;
      var prior = 0.0;
      if (p.beta != 0.0) { prior = p.beta * c[at]; }
      c[at] = p.alpha * acc[i][j] + prior;
    }
  }
}
