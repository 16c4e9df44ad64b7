// Exact k-th smallest |x| of a float buffer by radix select on the bit patterns: with the sign bit
// cleared, IEEE floats order like their u32 bits, so four passes over 8-bit digits (high to low)
// pin down the k-th smallest pattern exactly, with no sort. Twin: src/compress/reference/select.ts.
//
// `histogram` counts, for the elements whose higher digits equal the prefix found so far, how many
// fall in each bucket of the current digit; several launches (one per segment of the data) may add
// into the same pass's histogram. `pick` then walks that histogram and appends the digit holding
// the k-th element to the prefix. state = [prefix bits, rank of the target among the matching].

struct Params {
  count: u32,       // elements in this segment
  offset: u32,      // first element of the segment in `values`
  shift: u32,       // lowest bit of the current digit
  high_mask: u32,   // bits above the current digit (already fixed by earlier passes)
  pass_index: u32,
  stride: u32,      // invocations launched: each strides through the segment by this much
  hist_base: u32,   // direct kernels: first bucket of this pass in `hist`
  digit_mask: u32,  // direct kernels: the digit's bits after the shift (255, or 65535 for 16-bit digits)
}

@group(0) @binding(0) var<storage, read> values: array<u32>;
@group(0) @binding(1) var<storage, read> state_in: array<u32>;
@group(0) @binding(2) var<storage, read_write> hist: array<atomic<u32>>;
@group(0) @binding(3) var<uniform> p: Params;

var<workgroup> local_hist: array<atomic<u32>, 256>;

@compute @workgroup_size(256)
fn histogram(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  atomicStore(&local_hist[lid], 0u);
  workgroupBarrier();
  let prefix = state_in[0];
  // A bounded number of workgroups, each striding over many elements: the per-workgroup clear,
  // barriers and flush are paid a few hundred times per pass, not once per few thousand elements.
  for (var idx = wid.x * 256u + lid; idx < p.count; idx += p.stride) {
    let v = values[p.offset + idx] & 0x7fffffffu;
    if (((v ^ prefix) & p.high_mask) == 0u) {
      atomicAdd(&local_hist[(v >> p.shift) & 255u], 1u);
    }
  }
  workgroupBarrier();
  // Global atomics only for buckets this workgroup touched: most are empty after the first pass.
  let c = atomicLoad(&local_hist[lid]);
  if (c > 0u) {
    atomicAdd(&hist[p.pass_index * 256u + lid], c);
  }
}

fn count_direct(bits: u32, prefix: u32) {
  let v = bits & 0x7fffffffu;
  if (((v ^ prefix) & p.high_mask) == 0u) {
    atomicAdd(&hist[p.hist_base + ((v >> p.shift) & p.digit_mask)], 1u);
  }
}

// The same count with no workgroup memory and no barrier, for CPU-emulated adapters: there a
// barrier makes every 4-lane subgroup of the workgroup a coroutine of its own (SwiftShader: ~4 us
// each, 8x the whole count on 256x512), while an atomic on the global histogram costs a few ns.
// With no workgroup histogram to fit, the digits may be 16 bits wide: two passes over the data
// instead of four (select-pick-wide.wgsl picks from 65536 buckets).
// Each invocation takes 4 consecutive elements per step (stride counts invocations); the last
// count % 4 elements go to invocation 0.
@compute @workgroup_size(64)
fn histogram_direct(@builtin(global_invocation_id) gid: vec3u) {
  let prefix = state_in[0];
  let quads = p.count / 4u;
  for (var q = gid.x; q < quads; q += p.stride) {
    let at = p.offset + 4u * q;
    count_direct(values[at], prefix);
    count_direct(values[at + 1u], prefix);
    count_direct(values[at + 2u], prefix);
    count_direct(values[at + 3u], prefix);
  }
  if (gid.x == 0u) {
    for (var i = 4u * quads; i < p.count; i++) { count_direct(values[p.offset + i], prefix); }
  }
}

// The values again, as vec4s: the same buffer bound twice when the segment starts on a multiple of
// 4 elements. One vec4 load costs SwiftShader about what one scalar load does.
@group(0) @binding(4) var<storage, read> values4: array<vec4<u32>>;

@compute @workgroup_size(64)
fn histogram_direct4(@builtin(global_invocation_id) gid: vec3u) {
  let prefix = state_in[0];
  let quads = p.count / 4u;
  let first = p.offset / 4u;
  for (var q = gid.x; q < quads; q += p.stride) {
    let v = values4[first + q];
    count_direct(v.x, prefix);
    count_direct(v.y, prefix);
    count_direct(v.z, prefix);
    count_direct(v.w, prefix);
  }
  if (gid.x == 0u) {
    for (var i = 4u * quads; i < p.count; i++) { count_direct(values[p.offset + i], prefix); }
  }
}
