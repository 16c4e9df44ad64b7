// GPTQ's column loop over one block [i1, i1+count) (twin: gptqQuantize in
// src/compress/reference/gptq.ts); prepended with shaders/quantizer.wgsl. One invocation per row
// keeps the working copy W1 privately, so that a group start reads the group's columns from W as
// the reference does (block-start values, lazy updates of earlier blocks only), and writes the
// quantised value of each column back to W once the column is done.

// Rows are those of one band of the weight (w, err); row0 places them in the whole-layer scale,
// zero and loss.
struct Params {
  rows: u32, n: u32, i1: u32, count: u32,
  group: i32, bits: u32, sym: u32, groups: u32,
  nx: u32, row0: u32, _pad1: u32, _pad2: u32,
}

@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read> hinv: array<f32>;
@group(0) @binding(2) var<storage, read_write> scale: array<f32>;
@group(0) @binding(3) var<storage, read_write> zero: array<f32>;
@group(0) @binding(4) var<storage, read_write> err: array<f32>;
@group(0) @binding(5) var<storage, read_write> loss: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

const MAX_BLOCK: u32 = 256u;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = gid.x + gid.y * p.nx * 64u;
  if (r >= p.rows) { return; }
  let row = r * p.n;
  var w1: array<f32, MAX_BLOCK>;
  for (var j = 0u; j < p.count; j++) { w1[j] = w[row + p.i1 + j]; }
  let maxq = f32((1u << p.bits) - 1u);
  // The grid in force at the block start: per row, or the group that began in an earlier block.
  let rg = p.row0 + r;
  var at = rg;
  if (p.group > 0) { at = rg * p.groups + p.i1 / u32(p.group); }
  var g = Grid(scale[at], zero[at], maxq);
  var loss_sum = 0.0;
  for (var i = 0u; i < p.count; i++) {
    let c = p.i1 + i;
    if (p.group > 0 && c % u32(p.group) == 0u) {
      let end = min(c + u32(p.group), p.n);
      var lo = w[row + c];
      var hi = lo;
      for (var k = c + 1u; k < end; k++) {
        let v = w[row + k];
        lo = min(lo, v);
        hi = max(hi, v);
      }
      g = grid_from_range(lo, hi, p.bits, p.sym != 0u);
      let slot = rg * p.groups + c / u32(p.group);
      scale[slot] = g.scale;
      zero[slot] = g.zero;
    }
    let d = hinv[c * p.n + c];
    let v = w1[i];
    let q = dequant_code(quant_code(v, g), g);
    let diff = v - q;
    loss_sum += (diff * diff) / (d * d);
    let e = diff / d;
    err[r * p.count + i] = e;
    if (e != 0.0) {
      let hrow = c * p.n + p.i1;
      for (var j = i + 1u; j < p.count; j++) { w1[j] -= e * hinv[hrow + j]; }
    }
    w[row + c] = q;
  }
  loss[rg] += loss_sum / 2.0;
}
