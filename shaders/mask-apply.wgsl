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

// The same, four columns per invocation through a vec4 view of the weight, when cols % 4 == 0 (so
// a vec4 never spans two rows and its 4 bits sit in one mask word). Under CPU emulation a vec4
// access costs about what a scalar one does, so this runs at close to twice the rate.
// Bound at w's slot: no entry point uses both views.
@group(0) @binding(0) var<storage, read_write> w4: array<vec4<f32>>;

@compute @workgroup_size(256)
fn main4(@builtin(global_invocation_id) gid: vec3u) {
  let q = gid.x + gid.y * p.nx * 256u;
  if (q >= p.count / 4u) { return; }
  let i = 4u * q;
  let row = i / p.cols;
  let col = i - row * p.cols;
  let bits = (mask[row * p.words + col / 32u] >> (col % 32u)) & 15u;
  if (bits != 0u) {
    let pruned = (vec4u(bits) >> vec4u(0u, 1u, 2u, 3u)) & vec4u(1u);
    w4[q] = select(w4[q], vec4f(0.0), pruned != vec4u(0u));
  }
}
