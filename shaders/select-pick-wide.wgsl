// The pick of the radix select (select-pick.wgsl) for 16-bit digits, as the barrier-free
// histograms of select-radix.wgsl count them: `coarse` sums each run of 256 buckets (one
// invocation per run), then `pick` walks the 256 sums and the 256 buckets of the run holding the
// target rank, instead of 65536 buckets one by one. Twin: kthSmallestAbs in
// src/compress/reference/select.ts (8-bit digits there; the digit width does not change the result).

struct Params {
  count: u32,
  offset: u32,
  shift: u32,
  high_mask: u32,
  pass_index: u32,
  stride: u32,
  hist_base: u32,
  digit_mask: u32,
}

// Read as vec4s: a quarter of the loads (hist_base and the runs are multiples of 4).
@group(0) @binding(0) var<storage, read> hist4: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> sums: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(64)
fn coarse(@builtin(global_invocation_id) gid: vec3u) {
  let run = gid.x;
  if (run >= 256u) { return; }
  let first = (p.hist_base + run * 256u) / 4u;
  var total = vec4u(0u);
  for (var d = 0u; d < 64u; d++) { total += hist4[first + d]; }
  sums[run] = total.x + total.y + total.z + total.w;
}

@group(0) @binding(0) var<storage, read_write> state: array<u32>;
@group(0) @binding(1) var<storage, read> fine: array<u32>;
@group(0) @binding(2) var<storage, read> run_sums: array<u32>;
@group(0) @binding(3) var<uniform> q: Params;

@compute @workgroup_size(1)
fn pick() {
  let rank = state[1];
  var below = 0u;
  var run = 0u;
  for (; run < 255u; run++) {
    let c = run_sums[run];
    if (rank < below + c) { break; }
    below += c;
  }
  for (var d = run * 256u; d < run * 256u + 256u; d++) {
    let c = fine[q.hist_base + d];
    if (rank < below + c) {
      state[0] = state[0] | (d << q.shift);
      state[1] = rank - below;
      return;
    }
    below += c;
  }
}
