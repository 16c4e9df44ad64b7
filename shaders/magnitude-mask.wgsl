// Magnitude pruning mask: prune |w| <= t, with t the bit pattern left in element 0 of a radix
// select state buffer (select_radix.wgsl), so the threshold never leaves the GPU. Compared as
// bit patterns, which order like the magnitudes. One invocation per 32-column mask word.
// Twin: magnitudeMask in src/compress/reference/magnitude.ts.

struct Params {
  rows: u32,
  cols: u32,
  words: u32, // mask words per row: ceil(cols / 32)
  nx: u32,
}

@group(0) @binding(0) var<storage, read> w: array<u32>;
@group(0) @binding(1) var<storage, read> threshold: array<u32>;
@group(0) @binding(2) var<storage, read_write> mask: array<u32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 256u;
  if (i >= p.rows * p.words) { return; }
  let row = i / p.words;
  let col0 = (i % p.words) * 32u;
  let t = threshold[0];
  var bits = 0u;
  for (var b = 0u; b < 32u; b++) {
    let c = col0 + b;
    if (c >= p.cols) { break; }
    if ((w[row * p.cols + c] & 0x7fffffffu) <= t) { bits |= 1u << b; }
  }
  mask[i] = bits;
}

// The same through a vec4 view of the weight, when cols % 4 == 0: eight vec4 loads per mask word
// instead of 32 scalar ones, which under CPU emulation cost about the same each. Bound at w's slot.
@group(0) @binding(0) var<storage, read> w4: array<vec4<u32>>;

@compute @workgroup_size(256)
fn main4(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 256u;
  if (i >= p.rows * p.words) { return; }
  let row = i / p.words;
  let q0 = (i - row * p.words) * 8u;
  let quads = min(8u, p.cols / 4u - q0);
  let base = row * (p.cols / 4u) + q0;
  let t = vec4u(threshold[0]);
  var bits = 0u;
  for (var q = 0u; q < quads; q++) {
    let pruned = select(vec4u(0u), vec4u(1u, 2u, 4u, 8u), (w4[base + q] & vec4u(0x7fffffffu)) <= t);
    bits |= (pruned.x | pruned.y | pruned.z | pruned.w) << (4u * q);
  }
  mask[i] = bits;
}
