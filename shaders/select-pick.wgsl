// Second half of the radix select of select_radix.wgsl: finds the bucket of the current digit that
// holds the target rank, appends its digit to the prefix and re-bases the rank inside that bucket.
// One invocation: 256 buckets are cheaper to walk serially than to scan in parallel.

struct Params {
  count: u32,
  offset: u32,
  shift: u32,
  high_mask: u32,
  pass_index: u32,
  stride: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<storage, read_write> state: array<u32>;
@group(0) @binding(1) var<storage, read> hist: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(1)
fn main() {
  let rank = state[1];
  var below = 0u;
  for (var d = 0u; d < 256u; d++) {
    let c = hist[p.pass_index * 256u + d];
    if (rank < below + c) {
      state[0] = state[0] | (d << p.shift);
      state[1] = rank - below;
      return;
    }
    below += c;
  }
}
