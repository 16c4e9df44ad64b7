// GPTQ's Quantizer (quant.py) for one row slice. Prepended to the kernels that quantise (rtn, gptq,
// combinations); must match src/compress/reference/quantizer.ts.
// WGSL's round() rounds half to even, as torch.round does.

struct Grid {
  scale: f32,
  zero: f32,
  maxq: f32,
}

fn grid_from_range(raw_min: f32, raw_max: f32, bits: u32, sym: bool) -> Grid {
  let maxq = f32((1u << bits) - 1u);
  var xmin = min(raw_min, 0.0);
  var xmax = max(raw_max, 0.0);
  if (sym) {
    xmax = max(abs(xmin), xmax);
    if (xmin < 0.0) { xmin = -xmax; }
  }
  if (xmin == 0.0 && xmax == 0.0) {
    xmin = -1.0;
    xmax = 1.0;
  }
  let scale = (xmax - xmin) / maxq;
  var zero: f32;
  if (sym) { zero = (maxq + 1.0) * 0.5; } else { zero = round(-xmin / scale); }
  return Grid(scale, zero, maxq);
}

fn quant_code(x: f32, g: Grid) -> f32 {
  return clamp(round(x / g.scale) + g.zero, 0.0, g.maxq);
}

fn dequant_code(code: f32, g: Grid) -> f32 {
  return g.scale * (code - g.zero);
}
