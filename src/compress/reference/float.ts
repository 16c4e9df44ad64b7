// Float32 arithmetic helpers: the reference code computes in float32, so the twins round every
// intermediate with Math.fround where the result would otherwise differ.

const f32 = Math.fround;

/** torch.round: round half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round rounds .5 up; at an exact half pick the even neighbour.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

export { f32 };
