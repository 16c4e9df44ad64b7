// One llm-compressor recipe per sweep point, in that project's own modifier vocabulary
// (vllm-project/llm-compressor; the names and fields are checked against its source in
// recipe.test.ts). What the lab does and llm-compressor cannot is returned as a gap, never bent
// into something else: the folder's README lists every gap.
import { stepKind } from '../compress/method-kinds.ts';
import type { ExportPoint, ParamValue } from './point.ts';

/** The lab keeps embeddings and lm_head dense and compresses every decoder linear layer. */
export const RECIPE_TARGETS = ['Linear'];
export const RECIPE_IGNORE = ['lm_head'];

/** The OWL schedule's defaults in the lab (src/model/compress/schedule.ts). */
const OWL = { owl_m: 5, owl_lmbda: 0.08 };

/**
 * The lab's defaults for the parameters a recipe carries (the method registry's `defaults`;
 * recipe.test.ts keeps the two in step). The page may not import the registry: it pulls in kernels.
 */
export const LAB_DEFAULTS: Readonly<Record<string, Readonly<Record<string, ParamValue>>>> = {
  magnitude: {},
  wanda: {},
  sparsegpt: { damp: 0.01, blocksize: 128 },
  rtn: { group: 128, sym: false },
  gptq: { group: 128, sym: false, actOrder: false, damp: 0.01, blocksize: 128 },
  awq: { group: 128, clip: true },
  int8: {},
};

type Modifier = Record<string, unknown>;

export interface PointRecipe {
  /** The recipe as YAML-ready data; null where llm-compressor has no method for the point. */
  recipe: Record<string, Record<string, Record<string, Modifier>>> | null;
  /** Where the recipe differs from the lab's run, one sentence each. */
  gaps: string[];
}

function param(p: ExportPoint, step: string, key: string): ParamValue | undefined {
  return p.params[key] ?? LAB_DEFAULTS[step]?.[key];
}

function num(v: ParamValue | undefined, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}

/** llm-compressor's mask_structure: "N:M", "0:0" (unstructured) for SparseGPT/Wanda. */
function maskStructure(p: ExportPoint): string {
  return p.pattern ?? '0:0';
}

/** N:M fixes the sparsity at N/M (the lab ignores the ratio for N:M points, as the reference does). */
function sparsityOf(p: ExportPoint): number {
  if (p.pattern) {
    const [n, m] = p.pattern.split(':').map(Number);
    return n / m;
  }
  return p.sparsity ?? 0;
}

function pruneModifier(step: string, p: ExportPoint, gaps: string[]): [string, Modifier] | null {
  const owl = p.params.schedule === 'owl';
  const common = { sparsity: sparsityOf(p), mask_structure: maskStructure(p), targets: RECIPE_TARGETS, ignore: RECIPE_IGNORE, ...(owl ? { sparsity_profile: 'owl', ...OWL } : {}) };
  if (step === 'wanda') return ['WandaPruningModifier', common];
  if (step === 'sparsegpt') {
    return ['SparseGPTModifier', { ...common, block_size: num(param(p, step, 'blocksize'), 128), dampening_frac: num(param(p, step, 'damp'), 0.01) }];
  }
  if (step === 'magnitude') {
    if (owl) gaps.push('magnitude with the OWL schedule: MagnitudePruningModifier has no sparsity profile; the recipe prunes every layer at the same sparsity');
    gaps.push('magnitude: MagnitudePruningModifier is a training-schedule modifier; the recipe sets init_sparsity = final_sparsity and start = end = 0 so that one-shot applies it once, per weight matrix (apply_globally false, as the reference)');
    const s = sparsityOf(p);
    return [
      'MagnitudePruningModifier',
      {
        targets: ['re:.*\\.(q|k|v|o|gate|up|down)_proj\\.weight$'],
        init_sparsity: s,
        final_sparsity: s,
        start: 0,
        end: 0,
        update_scheduler: 'cubic',
        mask_structure: p.pattern ?? 'unstructured',
        apply_globally: false,
      },
    ];
  }
  return null;
}

/** compressed-tensors QuantizationArgs for the lab's integer weight grid. */
function weightArgs(p: ExportPoint, step: string): Record<string, unknown> {
  const group = num(param(p, step, 'group'), 128);
  const bits = p.bits ?? 4;
  const sym = param(p, step, 'sym');
  return {
    num_bits: bits,
    type: 'int',
    // AWQ's grid in the lab is asymmetric with a zero point, as in llm-awq.
    symmetric: step === 'awq' ? false : sym === true,
    ...(group > 0 ? { strategy: 'group', group_size: group } : { strategy: 'channel' }),
  };
}

function configGroups(p: ExportPoint, step: string): Record<string, unknown> {
  return { group_0: { targets: RECIPE_TARGETS, weights: weightArgs(p, step), input_activations: null, output_activations: null } };
}

function quantModifiers(step: string, p: ExportPoint, gaps: string[]): Array<[string, Modifier]> | null {
  const bits = p.bits ?? 4;
  if (bits !== 4 && bits !== 8) gaps.push(`${step} ${bits}-bit: vLLM serves integer weights of 4 and 8 bits only; run.sh evaluates this point with lm_eval's hf backend`);
  if (step === 'rtn') return [['QuantizationModifier', { config_groups: configGroups(p, step), ignore: RECIPE_IGNORE }]];
  if (step === 'gptq') {
    const actOrder = param(p, step, 'actOrder') === true;
    return [
      [
        'GPTQModifier',
        {
          config_groups: configGroups(p, step),
          ignore: RECIPE_IGNORE,
          block_size: num(param(p, step, 'blocksize'), 128),
          dampening_frac: num(param(p, step, 'damp'), 0.01),
          // GPTQ-for-LLaMa's act-order permutes the groups with the columns: compressed-tensors' "group".
          actorder: actOrder ? 'group' : null,
        },
      ],
    ];
  }
  if (step === 'awq') {
    if (param(p, step, 'clip') !== false) gaps.push('awq: llm-compressor\'s AWQModifier searches the scales only; the lab\'s (and llm-awq\'s) weight clipping search has no counterpart');
    return [
      ['AWQModifier', { duo_scaling: true, n_grid: 20 }],
      ['QuantizationModifier', { config_groups: configGroups(p, step), ignore: RECIPE_IGNORE }],
    ];
  }
  return null;
}

/**
 * The recipe of one point: a single one-shot stage with a pruning group and a quantization group
 * (a prune+quantize combination has both, pruning first as in the lab). Dense needs no recipe.
 */
export function recipeFor(p: ExportPoint): PointRecipe {
  const gaps: string[] = [];
  if (p.method === 'dense') return { recipe: null, gaps };
  const steps = p.method.split('+');
  const pruning: Record<string, Modifier> = {};
  const quantization: Record<string, Modifier> = {};
  for (const step of steps) {
    const kind = stepKind(step);
    if (kind === 'prune') {
      const m = pruneModifier(step, p, gaps);
      if (!m) return { recipe: null, gaps: [...gaps, `${step}: llm-compressor has no such pruning method`] };
      pruning[m[0]] = m[1];
    } else if (kind === 'quantize') {
      if (step === 'int8') return { recipe: null, gaps: [...gaps, 'int8 (LLM.int8, outlier columns kept in fp16): llm-compressor has no such method; the point is not exported'] };
      const ms = quantModifiers(step, p, gaps);
      if (!ms) return { recipe: null, gaps: [...gaps, `${step}: llm-compressor has no such quantization method`] };
      for (const [name, args] of ms) quantization[name] = args;
    } else return { recipe: null, gaps: [...gaps, `${step}: not a method the lab knows`] };
  }
  if (Object.keys(pruning).length && quantization.GPTQModifier) {
    gaps.push(`${p.method}: llm-compressor's GPTQModifier keeps no sparsity mask, so its error feedback may refill weights the pruning step zeroed`);
  }
  const stage: Record<string, Record<string, Modifier>> = {};
  if (Object.keys(pruning).length) stage.pruning_modifiers = pruning;
  if (Object.keys(quantization).length) stage.quantization_modifiers = quantization;
  return { recipe: { oneshot_stage: stage }, gaps };
}
