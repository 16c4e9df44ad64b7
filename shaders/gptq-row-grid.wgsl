// GPTQ's first find_params on the whole weight (before the dead-column fix): one quantisation
// grid per output row, used when there are no groups. Prepended with shaders/quantizer.wgsl.

// rows of one band of the weight; row0 places them in scale and zero.
struct Params { rows: u32, n: u32, bits: u32, sym: u32, nx: u32, row0: u32, _pad1: u32, _pad2: u32 }

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read_write> scale: array<f32>;
@group(0) @binding(2) var<storage, read_write> zero: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = gid.x + gid.y * p.nx * 64u;
  if (r >= p.rows) { return; }
  var lo = w[r * p.n];
  var hi = lo;
  for (var c = 1u; c < p.n; c++) {
    let v = w[r * p.n + c];
    lo = min(lo, v);
    hi = max(hi, v);
  }
  let g = grid_from_range(lo, hi, p.bits, p.sym != 0u);
  scale[p.row0 + r] = g.scale;
  zero[p.row0 + r] = g.zero;
}
