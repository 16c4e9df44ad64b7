// Per-input-channel activation statistics of one batch [tokens, cols], added into running totals:
// acc[0..cols) += sum x^2 (Wanda's norms), acc[cols..2cols) += sum |x| (AWQ), acc[2cols..3cols) =
// max(., max |x|) (LLM.int8 outliers). One invocation per column; tokens are summed in blocks of
// 64 so that the float32 rounding error grows with 64 + tokens/64 terms, not with tokens.
// Twin: src/compress/reference/stats.ts (float64).

struct Params {
  tokens: u32,
  cols: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> acc: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

const BLOCK: u32 = 64u;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= p.cols) { return; }
  var sq = 0.0;
  var ab = 0.0;
  var mx = 0.0;
  for (var t0 = 0u; t0 < p.tokens; t0 += BLOCK) {
    var bsq = 0.0;
    var bab = 0.0;
    let t1 = min(t0 + BLOCK, p.tokens);
    for (var t = t0; t < t1; t++) {
      let v = abs(x[t * p.cols + c]);
      bsq = fma(v, v, bsq);
      bab += v;
      mx = max(mx, v);
    }
    sq += bsq;
    ab += bab;
  }
  acc[c] += sq;
  acc[p.cols + c] += ab;
  acc[2u * p.cols + c] = max(acc[2u * p.cols + c], mx);
}
