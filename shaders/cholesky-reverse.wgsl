// dst[i, j] = src[n-1-i, n-1-j]: turns L'^-1 of the reversed matrix into U, the upper Cholesky
// factor of the inverse (see upperCholeskyOfInverse in src/compress/reference/cholesky.ts).

struct Params { n: u32, _pad0: u32, _pad1: u32, _pad2: u32 }

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let j = gid.x;
  let i = gid.y;
  if (i >= p.n || j >= p.n) { return; }
  dst[i * p.n + j] = src[(p.n - 1u - i) * p.n + (p.n - 1u - j)];
}
