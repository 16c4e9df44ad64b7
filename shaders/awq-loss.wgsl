// AWQ search loss, one band of rows: the sum of a[k] * b[k] over n elements, written to
// sums[index]; the host adds the bands and divides by tokens x rows. Bound as (e, e) it is the sum
// of squares of the output difference e = x diff^T; bound as (diff G, diff) it is the same sum
// through the Gram matrix G = x^T x, cheaper when tokens outnumber columns.
// One workgroup; each invocation sums a strided share with compensated (Kahan) addition so that
// the float32 total stays within a few ulps for millions of terms.
// Twin: the mean in searchLoss, src/compress/reference/awq.ts (float64 there).

struct Params {
  n: u32, index: u32, _pad0: u32, _pad1: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> sums: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

var<workgroup> partial: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32) {
  var sum = 0.0;
  var comp = 0.0;
  for (var k = lid; k < p.n; k += 256u) {
    let y = a[k] * b[k] - comp;
    let t = sum + y;
    comp = (t - sum) - y;
    sum = t;
  }
  partial[lid] = sum;
  workgroupBarrier();
  for (var stride = 128u; stride > 0u; stride >>= 1u) {
    if (lid < stride) { partial[lid] += partial[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) { sums[p.index] = partial[0]; }
}
