// Checks and error translation shared by the OBS methods (sparsegpt, gptq).
import { NotPositiveDefiniteError } from '../reference/cholesky.ts';
import { MAX_OBS_BLOCK } from '../gpu/obs.ts';
import { CompressInputError, type CompressParams, type LayerStats, type WeightMatrix } from '../types.ts';

/** The Hessian of a layer, checked against the weight's input width. */
export function requireHessian(label: string, stats: LayerStats | null, weight: WeightMatrix): Float32Array {
  const h = stats?.hessian;
  if (!h) throw new CompressInputError(`${label} needs the hessian statistic, which was not collected`);
  if (h.length !== weight.cols * weight.cols) {
    throw new CompressInputError(`${label}: the Hessian has ${h.length} values, the input width ${weight.cols} needs ${weight.cols}^2`);
  }
  return h;
}

export function checkObsParams(label: string, params: CompressParams): void {
  const bs = params.blocksize ?? 128;
  if (bs > MAX_OBS_BLOCK) throw new CompressInputError(`${label}: blocksize must be at most ${MAX_OBS_BLOCK}, got ${bs}`);
}

/** Runs an OBS computation, turning a failed factorisation into a one-line input error. */
export async function withHessianErrors<T>(label: string, body: () => Promise<T> | T): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof NotPositiveDefiniteError) {
      throw new CompressInputError(`${label}: the damped Hessian is not positive definite; raise damp or collect more calibration data`);
    }
    throw error;
  }
}
