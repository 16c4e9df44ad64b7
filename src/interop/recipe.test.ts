import { describe, expect, test } from 'vitest';
import { METHODS } from '../compress/registry.ts';
import { upstreamFields } from '../../test/interop/upstream.ts';
import type { ExportPoint } from './point.ts';
import { LAB_DEFAULTS, recipeFor, RECIPE_IGNORE } from './recipe.ts';
import { fromYaml, toYaml } from './yaml-text.ts';

const fields = upstreamFields();

function point(method: string, level: Partial<ExportPoint> = {}): ExportPoint {
  return { method, sparsity: null, pattern: null, bits: null, params: {}, ...level };
}

const POINTS: ExportPoint[] = [
  point('magnitude', { sparsity: 0.5 }),
  point('magnitude', { pattern: '2:4' }),
  point('wanda', { sparsity: 0.3 }),
  point('wanda', { pattern: '4:8' }),
  point('wanda', { sparsity: 0.7, params: { schedule: 'owl' } }),
  point('sparsegpt', { sparsity: 0.5, params: { damp: 0.02, blocksize: 64 } }),
  point('sparsegpt', { pattern: '1:2' }),
  point('rtn', { bits: 4, params: { group: -1, sym: true } }),
  point('gptq', { bits: 3, params: { actOrder: true, group: 64 } }),
  point('gptq', { bits: 8 }),
  point('awq', { bits: 4 }),
  point('wanda+gptq', { pattern: '2:4', bits: 4 }),
  point('sparsegpt+rtn', { sparsity: 0.5, bits: 8 }),
];

type Stage = Record<string, Record<string, Record<string, unknown>>>;

/** Every modifier of a parsed recipe, by name, in recipe order. */
function modifiersOf(yamlText: string): Array<[string, Record<string, unknown>]> {
  const doc = fromYaml(yamlText) as Record<string, Stage>;
  expect(Object.keys(doc).every((k) => k.endsWith('_stage'))).toBe(true);
  return Object.values(doc).flatMap((stage) => {
    expect(Object.keys(stage).every((k) => k.endsWith('_modifiers'))).toBe(true);
    return Object.values(stage).flatMap((group) => Object.entries(group));
  });
}

describe('llm-compressor recipes', () => {
  test.each(POINTS.map((p) => [`${p.method} ${p.sparsity ?? p.pattern ?? ''} ${p.bits ?? ''}`, p] as const))('%s: names and fields are llm-compressor\'s', (_, p) => {
    const { recipe } = recipeFor(p);
    expect(recipe).not.toBeNull();
    const mods = modifiersOf(toYaml(recipe));
    expect(mods.length).toBeGreaterThan(0);
    for (const [name, args] of mods) {
      const known = fields['llm-compressor'].modifiers[name];
      expect(known, `${name} is a modifier of llm-compressor`).toBeDefined();
      for (const key of Object.keys(args)) expect(known, `${name}.${key}`).toContain(key);
      const groups = args.config_groups as Record<string, Record<string, unknown>> | undefined;
      for (const scheme of Object.values(groups ?? {})) {
        for (const key of Object.keys(scheme)) expect(fields['compressed-tensors'].QuantizationScheme, `scheme.${key}`).toContain(key);
        for (const key of Object.keys(scheme.weights as object)) expect(fields['compressed-tensors'].QuantizationArgs, `weights.${key}`).toContain(key);
      }
    }
  });

  test('pruning carries the sparsity and N:M mask, and excludes lm_head as the lab does', () => {
    const [[name, args]] = modifiersOf(toYaml(recipeFor(point('wanda', { pattern: '4:8' })).recipe));
    expect(name).toBe('WandaPruningModifier');
    expect(args).toMatchObject({ sparsity: 0.5, mask_structure: '4:8', ignore: RECIPE_IGNORE });
    const [[, unstructured]] = modifiersOf(toYaml(recipeFor(point('sparsegpt', { sparsity: 0.3, params: { damp: 0.02 } })).recipe));
    expect(unstructured).toMatchObject({ sparsity: 0.3, mask_structure: '0:0', dampening_frac: 0.02, block_size: 128 });
  });

  test('OWL asks for llm-compressor\'s owl profile with the lab\'s M and lambda', () => {
    const [[, args]] = modifiersOf(toYaml(recipeFor(point('wanda', { sparsity: 0.7, params: { schedule: 'owl' } })).recipe));
    expect(args).toMatchObject({ sparsity_profile: 'owl', owl_m: 5, owl_lmbda: 0.08 });
  });

  test('quantizers carry bits, group size, symmetry and act-order in compressed-tensors terms', () => {
    const [[name, args]] = modifiersOf(toYaml(recipeFor(point('gptq', { bits: 3, params: { actOrder: true, group: 64 } })).recipe));
    expect(name).toBe('GPTQModifier');
    expect(args.actorder).toBe('group');
    expect((args.config_groups as Record<string, { weights: unknown }>).group_0.weights).toEqual({ num_bits: 3, type: 'int', symmetric: false, strategy: 'group', group_size: 64 });
    const [[, rtn]] = modifiersOf(toYaml(recipeFor(point('rtn', { bits: 4, params: { group: -1, sym: true } })).recipe));
    expect((rtn.config_groups as Record<string, { weights: unknown }>).group_0.weights).toEqual({ num_bits: 4, type: 'int', symmetric: true, strategy: 'channel' });
  });

  test('AWQ is followed by a quantization modifier, as llm-compressor requires', () => {
    expect(modifiersOf(toYaml(recipeFor(point('awq', { bits: 4 })).recipe)).map(([n]) => n)).toEqual(['AWQModifier', 'QuantizationModifier']);
  });

  test('combinations prune first, then quantize', () => {
    expect(modifiersOf(toYaml(recipeFor(point('wanda+gptq', { pattern: '2:4', bits: 4 })).recipe)).map(([n]) => n)).toEqual(['WandaPruningModifier', 'GPTQModifier']);
  });

  test('what llm-compressor lacks is named, not changed', () => {
    const int8 = recipeFor(point('int8', { bits: 8 }));
    expect(int8.recipe).toBeNull();
    expect(int8.gaps.join(' ')).toMatch(/LLM\.int8.*no such method/);
    expect(recipeFor(point('awq', { bits: 4 })).gaps.join(' ')).toMatch(/clipping/);
    expect(recipeFor(point('awq', { bits: 4, params: { clip: false } })).gaps).toEqual([]);
    expect(recipeFor(point('gptq', { bits: 3 })).gaps.join(' ')).toMatch(/3-bit.*hf backend/);
    expect(recipeFor(point('magnitude', { sparsity: 0.5, params: { schedule: 'owl' } })).gaps.join(' ')).toMatch(/OWL/);
    expect(recipeFor(point('dense'))).toEqual({ recipe: null, gaps: [] });
  });

  test('the recipe defaults are the method registry\'s', () => {
    for (const [id, defaults] of Object.entries(LAB_DEFAULTS)) {
      const registry = METHODS[id as keyof typeof METHODS].defaults as Record<string, unknown>;
      for (const [key, value] of Object.entries(defaults)) expect(registry[key], `${id}.${key}`).toEqual(value);
    }
  });
});
