// Packs integer codes [rows, cols] into u32 words, floor(32/bits) codes per word, little-endian
// inside the word, each row starting on a fresh word. One invocation per word.
// Twin: src/compress/reference/pack.ts (packCodes).

struct Params {
  rows: u32, cols: u32, bits: u32, words_per_row: u32,
  nx: u32, _pad0: u32, _pad1: u32, _pad2: u32,
}

@group(0) @binding(0) var<storage, read> codes: array<u32>;
@group(0) @binding(1) var<storage, read_write> words: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i >= p.rows * p.words_per_row) { return; }
  let per = 32u / p.bits;
  let mask = (1u << p.bits) - 1u;
  let r = i / p.words_per_row;
  let c0 = (i % p.words_per_row) * per;
  var word = 0u;
  for (var j = 0u; j < per; j++) {
    let c = c0 + j;
    if (c >= p.cols) { break; }
    word |= (codes[r * p.cols + c] & mask) << (j * p.bits);
  }
  words[i] = word;
}

// The same through a vec4 view of the codes, when a word holds a multiple of 4 codes (2-, 4- and
// 8-bit) and cols % 4 == 0, so each vec4 lies inside one word: under CPU emulation a vec4 load
// costs about what a scalar one does. Bound at codes' slot: no entry point uses both views.
@group(0) @binding(0) var<storage, read> codes4: array<vec4<u32>>;

@compute @workgroup_size(64)
fn main4(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i >= p.rows * p.words_per_row) { return; }
  let per = 32u / p.bits;
  let mask = vec4u((1u << p.bits) - 1u);
  let r = i / p.words_per_row;
  let c0 = (i - r * p.words_per_row) * per;
  let quads = (min(c0 + per, p.cols) - c0) / 4u;
  let first = (r * p.cols + c0) / 4u;
  let lanes = vec4u(0u, 1u, 2u, 3u) * p.bits;
  var word = 0u;
  for (var j = 0u; j < quads; j++) {
    let v = (codes4[first + j] & mask) << (lanes + vec4u(4u * j * p.bits));
    word |= v.x | v.y | v.z | v.w;
  }
  words[i] = word;
}
