import { collectStats, sequencesOf } from './collect-stats.ts';
import { requireFinite } from './finite.ts';
import { checkParams } from './params.ts';
import { compress, recipeNeeds, recipeParams, resolveRecipe } from './registry.ts';
import { outputRelError } from './report.ts';
import {
  type Backend,
  CompressInputError,
  type CompressParams,
  type CompressResult,
  type StatName,
  type WeightMatrix,
} from './types.ts';

/** Calibration activations [tokens, cols], fed as sequences of `seqlen` tokens. */
export interface Calibration {
  x: Float32Array;
  tokens: number;
  seqlen: number;
}

export interface LayerJob {
  spec: string;
  params: CompressParams;
  backend: Backend;
  weight: WeightMatrix;
  calib: Calibration | null;
  /** Tokens used to measure the output error (a prefix of the calibration set); 0 skips it. */
  evalTokens: number;
}

export interface LayerJobResult {
  result: CompressResult;
  /** Relative output error on the first evalTokens calibration tokens, when measured. */
  outputErr: number | null;
  statsMs: number;
}

/**
 * Everything about a job that can be checked without its data: method, parameters against the
 * shape, calibration present where needed. Returns the full parameters and the statistics needed.
 */
export function checkLayerJob(
  spec: string,
  given: CompressParams,
  weight: WeightMatrix,
  hasCalib: boolean,
): { params: CompressParams; needs: StatName[] } {
  const recipe = resolveRecipe(spec);
  const params = recipeParams(recipe, given);
  for (const step of recipe.steps) {
    checkParams(step.params, params, weight);
    step.checkShape?.(params, weight);
  }
  const needs = recipeNeeds(recipe);
  if (needs.length > 0 && !hasCalib) {
    throw new CompressInputError(`${recipe.id} needs calibration activations (${needs.join(', ')}); pass --calib X.f32 --rows N`);
  }
  return { params, needs };
}

/**
 * Compresses one layer from raw inputs: checks everything that can be checked before any work,
 * collects the statistics the recipe needs, compresses, and measures the output error.
 */
export async function runLayerJob(job: LayerJob): Promise<LayerJobResult> {
  const { calib, weight } = job;
  const { params, needs } = checkLayerJob(job.spec, job.params, weight, calib !== null);
  if (calib && calib.x.length !== calib.tokens * weight.cols) {
    throw new CompressInputError(
      `calibration has ${calib.x.length} values, which is not ${calib.tokens} rows of the weight's input width ${weight.cols}`,
    );
  }
  // Checked before the statistics are collected, so the message names the activations, not a statistic.
  requireFinite('the weight', weight.data, weight.cols);
  if (calib) requireFinite('the calibration data', calib.x, weight.cols);
  const t0 = performance.now();
  const stats =
    calib && needs.length > 0
      ? await collectStats(job.backend, weight.cols, needs, sequencesOf(calib.x, calib.tokens, weight.cols, calib.seqlen))
      : null;
  const statsMs = performance.now() - t0;
  const result = await compress(job.spec, weight, stats, params, { backend: job.backend });
  const evalTokens = calib ? Math.min(job.evalTokens, calib.tokens) : 0;
  const outputErr = calib && evalTokens > 0 ? outputRelError(calib.x, evalTokens, weight.cols, result.weight, weight.data, weight.rows) : null;
  return { result, outputErr, statsMs };
}
