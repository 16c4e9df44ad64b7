// Column permutation of a [rows, cols] weight for the OBS loop.
// gather (before): dst[r, k] = src[r, order[k]], zero where that column is dead (the reference sets
// W[:, dead] = 0). scatter (after act-order): dst[r, order[k]] = src[r, k], i.e. Q[:, argsort(perm)].

struct Params { rows: u32, cols: u32, scatter: u32, _pad: u32 }

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> order: array<u32>;
@group(0) @binding(2) var<storage, read> dead: array<u32>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let k = gid.x;
  let r = gid.y;
  if (r >= p.rows || k >= p.cols) { return; }
  let c = order[k];
  if (p.scatter != 0u) {
    dst[r * p.cols + c] = src[r * p.cols + k];
  } else {
    dst[r * p.cols + k] = select(src[r * p.cols + c], 0.0, dead[c] != 0u);
  }
}
