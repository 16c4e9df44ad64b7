// OBS saliency of a block's weights at the block start: metric[r, j] = W[r, i1+j]^2 / Hinv[i1+j, i1+j]^2,
// [rows, count] row-major; SparseGPT's unstructured threshold is the k-th smallest of these.
// Twin: saliency in src/compress/reference/sparsegpt.ts.

struct Params { rows: u32, n: u32, i1: u32, count: u32, nx: u32, _pad0: u32, _pad1: u32, _pad2: u32 }

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read> hinv: array<f32>;
@group(0) @binding(2) var<storage, read_write> metric: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let e = gid.x + gid.y * p.nx * 64u;
  if (e >= p.rows * p.count) { return; }
  let r = e / p.count;
  let j = e % p.count;
  let c = p.i1 + j;
  let v = w[r * p.n + c];
  let d = hinv[c * p.n + c];
  metric[e] = (v * v) / (d * d);
}
