// llm-awq's pseudo_quantize_tensor for one group: the raw group min and max (0 is not forced into
// the range), scale = max(max - min, 1e-5) / maxq, zero = clamp(-round(min / scale), 0, maxq).
// Prepended to the awq_* kernels; must match awqGrid/awqCode/awqValue in
// src/compress/reference/awq.ts. WGSL's round() rounds half to even, as torch.round does.

struct AwqParams {
  rows: u32, cols: u32, group_size: u32, n_groups: u32,
  bits: u32, s_offset: u32, nx: u32, use_clip: u32,
  factor: f32, _pad0: u32, _pad1: u32, _pad2: u32,
}

struct AwqGrid {
  scale: f32,
  zero: f32,
  maxq: f32,
}

fn awq_grid(lo: f32, hi: f32, bits: u32) -> AwqGrid {
  let maxq = f32((1u << bits) - 1u);
  let scale = max(hi - lo, 1e-5) / maxq;
  let zero = clamp(-round(lo / scale), 0.0, maxq);
  return AwqGrid(scale, zero, maxq);
}

fn awq_code(x: f32, g: AwqGrid) -> f32 {
  return clamp(round(x / g.scale) + g.zero, 0.0, g.maxq);
}

fn awq_value(code: f32, g: AwqGrid) -> f32 {
  return (code - g.zero) * g.scale;
}

// First element and length of group (row, g) of a row-major [rows, cols] matrix.
fn awq_group_span(i: u32, p: AwqParams) -> vec2u {
  let r = i / p.n_groups;
  let g = i % p.n_groups;
  let n = min(p.cols, (g + 1u) * p.group_size) - g * p.group_size;
  return vec2u(r * p.cols + g * p.group_size, n);
}
