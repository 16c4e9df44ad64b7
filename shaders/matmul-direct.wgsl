// Variant of matmul.wgsl without workgroup memory or barriers, for CPU-emulated adapters
// (SwiftShader), where a barrier costs a context switch per SIMD group and plain loads already hit
// the CPU caches. Same bindings, parameters and results as matmul.wgsl; each invocation computes
// a 4x4 block of C, a workgroup of 8x8 invocations a 32x32 tile.

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

fn load_a(row: u32, col: u32) -> f32 {
  if (row >= p.m) { return 0.0; }
  if (TRANS_A) { return a[p.off_a + col * p.ld_a + row]; }
  return a[p.off_a + row * p.ld_a + col];
}

fn load_b(row: u32, col: u32) -> f32 {
  if (col >= p.n) { return 0.0; }
  if (TRANS_B) { return b[p.off_b + col * p.ld_b + row]; }
  return b[p.off_b + row * p.ld_b + col];
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let row0 = gid.y * 4u;
  let col0 = gid.x * 4u;
  if (row0 >= p.m || col0 >= p.n) { return; }
  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var kk = 0u; kk < p.k; kk++) {
    let bv = vec4f(load_b(kk, col0), load_b(kk, col0 + 1u), load_b(kk, col0 + 2u), load_b(kk, col0 + 3u));
    acc0 = fma(vec4f(load_a(row0, kk)), bv, acc0);
    acc1 = fma(vec4f(load_a(row0 + 1u, kk)), bv, acc1);
    acc2 = fma(vec4f(load_a(row0 + 2u, kk)), bv, acc2);
    acc3 = fma(vec4f(load_a(row0 + 3u, kk)), bv, acc3);
  }
  let rowsAcc = array<vec4f, 4>(acc0, acc1, acc2, acc3);
  for (var i = 0u; i < 4u; i++) {
    let row = row0 + i;
    if (row >= p.m) { break; }
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + j;
      if (col >= p.n) { break; }
      let at = p.off_c + row * p.ld_c + col;
      var prior = 0.0;
      if (p.beta != 0.0) { prior = p.beta * c[at]; }
      c[at] = p.alpha * rowsAcc[i][j] + prior;
    }
  }
}
