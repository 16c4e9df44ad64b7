// Zeroes the pruned entries of a weight in place, given a row-major bit mask with ceil(cols/32)
// words per row (bit b of word j = column 32j+b; 1 = pruned). Twin: src/compress/reference/mask.ts.

struct Params {
  count: u32, // rows * cols
  cols: u32,
  words: u32,
  nx: u32,
}

@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read> mask: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 256u;
  if (i >= p.count) { return; }
  let row = i / p.cols;
  let col = i % p.cols;
  if (((mask[row * p.words + col / 32u] >> (col % 32u)) & 1u) != 0u) { w[i] = 0.0; }
}
