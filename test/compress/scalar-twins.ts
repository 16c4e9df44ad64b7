// Runs a function with the CPU twins' WebAssembly SIMD kernels switched off, so that tests can
// compare the SIMD paths against the scalar TypeScript fallback.
import { setRowUpdateDisabled } from '../../src/compress/reference/row-update-simd.ts';
import { setSimdGemmDisabled } from '../../src/compress/reference/simd-gemm.ts';

export function withScalarTwins<T>(run: () => T): T {
  setSimdGemmDisabled(true);
  setRowUpdateDisabled(true);
  try {
    return run();
  } finally {
    setSimdGemmDisabled(false);
    setRowUpdateDisabled(false);
  }
}
