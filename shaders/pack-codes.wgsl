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
