// The bandwidth baseline of the kernel benchmark: dst = src, 16 bytes per invocation. Every
// bandwidth-bound kernel's bytes/s is reported as a fraction of this kernel's rate on the same
// adapter. Twin: a plain copy (src/compress/bench/baselines.ts).

struct Params {
  count: u32, // vec4 elements
  nx: u32,    // workgroups along x (the grid spills into y past the per-dimension limit)
}

@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 256u;
  if (i >= p.count) { return; }
  dst[i] = src[i];
}
