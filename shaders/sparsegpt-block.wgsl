// SparseGPT's column loop over one block [i1, i1+count) (twin: sparsegptPrune in
// src/compress/reference/sparsegpt.ts). Each row's error feedback touches only that row, so one
// invocation runs a row's loop: prune (mask), err = (w - q) / Hinv[i,i], W1[i+1:] -= err Hinv[i, i+1:].
// Unstructured: pruned where the block-start saliency <= the block threshold (state[0], its bits).
// N:M: at the first column of each group of M, prune the N smallest saliencies of the updated W1.

// Rows are those of one band of the weight (w, metric, err); row0 places them in the whole-layer loss.
struct Params { rows: u32, n: u32, i1: u32, count: u32, prune_n: u32, prune_m: u32, nx: u32, row0: u32 }

@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read> hinv: array<f32>;
@group(0) @binding(2) var<storage, read> metric: array<f32>;
@group(0) @binding(3) var<storage, read> state: array<u32>;
@group(0) @binding(4) var<storage, read_write> err: array<f32>;
@group(0) @binding(5) var<storage, read_write> loss: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

const MAX_BLOCK: u32 = 256u;
const MAX_M: u32 = 32u;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = gid.x + gid.y * p.nx * 64u;
  if (r >= p.rows) { return; }
  let row = r * p.n;
  var w1: array<f32, MAX_BLOCK>;
  for (var j = 0u; j < p.count; j++) { w1[j] = w[row + p.i1 + j]; }
  let thresh = bitcast<f32>(state[0]);
  var group_bits = 0u;
  var group_start = 0u;
  var sal: array<f32, MAX_M>;
  var loss_sum = 0.0;
  for (var i = 0u; i < p.count; i++) {
    let c = p.i1 + i;
    let d = hinv[c * p.n + c];
    var pruned: bool;
    if (p.prune_m == 0u) {
      pruned = metric[r * p.count + i] <= thresh;
    } else {
      if (i % p.prune_m == 0u) {
        let width = min(p.prune_m, p.count - i);
        for (var j = 0u; j < width; j++) {
          let v = w1[i + j];
          let dj = hinv[(c + j) * p.n + c + j];
          sal[j] = (v * v) / (dj * dj);
        }
        group_bits = 0u;
        for (var j = 0u; j < width; j++) {
          var rank = 0u;
          for (var k = 0u; k < width; k++) {
            if (sal[k] < sal[j] || (sal[k] == sal[j] && k < j)) { rank++; }
          }
          if (rank < p.prune_n) { group_bits |= 1u << j; }
        }
        group_start = i;
      }
      pruned = ((group_bits >> (i - group_start)) & 1u) != 0u;
    }
    let v = w1[i];
    let q = select(v, 0.0, pruned);
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
  loss[p.row0 + r] += loss_sum / 2.0;
}
