// Column order of the OBS loop (twin: actOrderPermutation in src/compress/reference/hessian.ts).
// act-order: order[rank] = i where rank counts the columns with a larger diag (ties: lower index
// first), i.e. a stable argsort(diag, descending). Without act-order, the identity.

struct Params { n: u32, act_order: u32, nx: u32, _pad: u32 }

@group(0) @binding(0) var<storage, read> diag_fixed: array<f32>;
@group(0) @binding(1) var<storage, read_write> order: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i >= p.n) { return; }
  if (p.act_order == 0u) {
    order[i] = i;
    return;
  }
  let di = diag_fixed[i];
  var rank = 0u;
  for (var j = 0u; j < p.n; j++) {
    let dj = diag_fixed[j];
    if (dj > di || (dj == di && j < i)) { rank++; }
  }
  order[rank] = i;
}
