// Dead-column fix and damping of a Hessian, read off its diagonal (twin: prepareHessian in
// src/compress/reference/hessian.ts). One workgroup: diag_fixed[i] = diag(H)[i] or 1 where it is 0,
// dead[i] = 1 there, and out_damp[0] = damp * mean(diag_fixed).

struct Params { n: u32, damp: f32, _pad0: u32, _pad1: u32 }

@group(0) @binding(0) var<storage, read> h: array<f32>;
@group(0) @binding(1) var<storage, read_write> diag_fixed: array<f32>;
@group(0) @binding(2) var<storage, read_write> dead: array<u32>;
@group(0) @binding(3) var<storage, read_write> out_damp: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

var<workgroup> partial: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) t: u32) {
  var sum = 0.0;
  for (var i = t; i < p.n; i += 256u) {
    let d = h[i * p.n + i];
    let is_dead = d == 0.0;
    let fixed = select(d, 1.0, is_dead);
    diag_fixed[i] = fixed;
    dead[i] = select(0u, 1u, is_dead);
    sum += fixed;
  }
  partial[t] = sum;
  workgroupBarrier();
  for (var stride = 128u; stride > 0u; stride >>= 1u) {
    if (t < stride) { partial[t] += partial[t + stride]; }
    workgroupBarrier();
  }
  if (t == 0u) { out_damp[0] = p.damp * (partial[0] / f32(p.n)); }
}
