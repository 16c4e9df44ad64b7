// The operand types of the matmul twin (matmul.ts), apart so that its SIMD path can share them.

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
