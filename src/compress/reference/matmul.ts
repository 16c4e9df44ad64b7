/** A strided row-major view of a matrix inside a flat array. */
export interface MatView {
  data: Float32Array;
  offset: number;
  /** Elements between consecutive rows of the stored matrix. */
  ld: number;
}

export interface MatmulSpec {
  m: number;
  n: number;
  k: number;
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
}

/**
 * C = alpha * op(A) @ op(B) + beta * C on strided views (the twin of shaders/matmul.wgsl).
 * Accumulates in float64 and rounds once; the GPU accumulates in float32, so the two differ by
 * ordinary fp32 summation error (relative ~ k * 2^-24 at worst).
 */
export function matmul(a: MatView, b: MatView, c: MatView, spec: MatmulSpec): void {
  const { m, n, k, transA = false, transB = false, alpha = 1, beta = 0 } = spec;
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let kk = 0; kk < k; kk++) {
      const av = transA ? a.data[a.offset + kk * a.ld + i] : a.data[a.offset + i * a.ld + kk];
      if (av === 0) continue;
      if (transB) {
        for (let j = 0; j < n; j++) row[j] += av * b.data[b.offset + j * b.ld + kk];
      } else {
        const base = b.offset + kk * b.ld;
        for (let j = 0; j < n; j++) row[j] += av * b.data[base + j];
      }
    }
    const cBase = c.offset + i * c.ld;
    for (let j = 0; j < n; j++) {
      c.data[cBase + j] = alpha * row[j] + (beta !== 0 ? beta * c.data[cBase + j] : 0);
    }
  }
}

/** A dense view of a whole row-major matrix with `cols` columns. */
export function view(data: Float32Array, cols: number, offset = 0): MatView {
  return { data, offset, ld: cols };
}
