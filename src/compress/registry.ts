import { acquireGpu, withBufferScope } from '../gpu/index.ts';
import type { MethodDef, MethodId } from './method.ts';
import { awqMethod } from './methods/awq.ts';
import { gptqMethod } from './methods/gptq.ts';
import { int8Method } from './methods/int8.ts';
import { magnitudeMethod } from './methods/magnitude.ts';
import { rtnMethod } from './methods/rtn.ts';
import { sparsegptMethod } from './methods/sparsegpt.ts';
import { wandaMethod } from './methods/wanda.ts';
import { requireFinite, requireFiniteOutput, requireFiniteStats } from './finite.ts';
import { checkParams, checkStats } from './params.ts';
import { applyMaskToResult } from './combine.ts';
import { makeReport } from './report.ts';
import {
  CompressInputError,
  type CompressParams,
  type CompressResult,
  type LayerStats,
  type RunContext,
  type StatName,
  type WeightMatrix,
} from './types.ts';

export const METHODS: Record<MethodId, MethodDef> = {
  magnitude: magnitudeMethod,
  wanda: wandaMethod,
  sparsegpt: sparsegptMethod,
  rtn: rtnMethod,
  gptq: gptqMethod,
  awq: awqMethod,
  int8: int8Method,
};

export const METHOD_IDS: readonly MethodId[] = Object.freeze(Object.keys(METHODS) as MethodId[]);

/** A method id or a combination "prune+quantize" (e.g. "wanda+rtn"), resolved to its steps. */
export interface Recipe {
  id: string;
  steps: MethodDef[];
}

export function resolveRecipe(spec: string): Recipe {
  const parts = spec.split('+').map((p) => p.trim());
  const steps = parts.map((part) => {
    const method = METHODS[part as MethodId];
    if (!method) {
      throw new CompressInputError(`unknown method "${part}"; known methods: ${METHOD_IDS.join(', ')} (combine as prune+quantize, e.g. wanda+rtn)`);
    }
    return method;
  });
  if (steps.length > 2 || (steps.length === 2 && (steps[0].kind !== 'prune' || steps[1].kind !== 'quantize'))) {
    throw new CompressInputError(`a combination is one pruning method then one quantizer, e.g. wanda+rtn; got "${spec}"`);
  }
  return { id: parts.join('+'), steps };
}

/** What a recipe needs from calibration, in one list. */
export function recipeNeeds(recipe: Recipe): StatName[] {
  return [...new Set(recipe.steps.flatMap((s) => s.needs))];
}

/** Defaults of every step, overridden by the caller's parameters. */
export function recipeParams(recipe: Recipe, params: CompressParams): CompressParams {
  return Object.assign({}, ...recipe.steps.map((s) => s.defaults), stripUndefined(params));
}

function stripUndefined(params: CompressParams): CompressParams {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as CompressParams;
}

/** Rejects bad parameters or statistics before any work starts. */
export function validateRecipe(recipe: Recipe, weight: WeightMatrix, stats: LayerStats | null, params: CompressParams): void {
  for (const step of recipe.steps) {
    checkParams(step.params, params, weight);
    step.checkShape?.(params, weight);
    checkStats(step.label, step.needs, stats, weight);
  }
}

/**
 * Compresses one weight with a method or a combination. Every GPU buffer created on the way is
 * destroyed before this returns, so a model is compressed layer after layer in bounded memory.
 */
export async function compress(
  spec: string,
  weight: WeightMatrix,
  stats: LayerStats | null,
  params: CompressParams,
  ctx: RunContext,
): Promise<CompressResult> {
  const recipe = resolveRecipe(spec);
  const full = recipeParams(recipe, params);
  validateRecipe(recipe, weight, stats, full);
  // Both backends refuse the same inputs, before either runs (finite.ts says why).
  requireFinite('the weight', weight.data, weight.cols);
  requireFiniteStats(stats);
  const run = () => runSteps(recipe, weight, stats, full, ctx);
  const result = ctx.backend === 'cpu' ? await run() : await withBufferScope((await acquireGpu()).device, run);
  requireFiniteOutput(recipe.id, result.weight, weight.cols);
  return result;
}

async function runSteps(
  recipe: Recipe,
  weight: WeightMatrix,
  stats: LayerStats | null,
  params: CompressParams,
  ctx: RunContext,
): Promise<CompressResult> {
  const [first, second] = recipe.steps;
  const pruned = await first.run(weight, stats, params, ctx);
  if (!second) return pruned;
  const quantized = await second.run({ ...weight, data: pruned.weight }, stats, params, ctx);
  // The quantizer sees the pruned weight; its error feedback (GPTQ) or grid (AWQ) may move a
  // pruned entry off zero, so the mask is applied again: pruned weights stay pruned.
  const combined = applyMaskToResult(quantized, pruned.mask);
  return {
    ...combined,
    mask: pruned.mask,
    extras: { ...pruned.extras, ...quantized.extras },
    report: makeReport(
      weight.data,
      combined.weight,
      quantized.report.bits,
      pruned.report.ms + quantized.report.ms,
      ctx.backend,
    ),
  };
}
