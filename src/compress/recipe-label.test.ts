import { describe, expect, it } from 'vitest';
import { recipeLabel } from './recipe-label.ts';

describe('recipeLabel', () => {
  it('names the dense model', () => {
    expect(recipeLabel(null)).toBe('dense');
  });

  it('shows sparsity for pruning methods and bits for quantizers', () => {
    expect(recipeLabel('magnitude', { sparsity: 0.5 })).toBe('magnitude 50%');
    expect(recipeLabel('sparsegpt', { sparsity: 0.7, bits: null })).toBe('sparsegpt 70%');
    expect(recipeLabel('rtn', { bits: 4 })).toBe('rtn 4-bit');
    expect(recipeLabel('int8', { bits: 8 })).toBe('int8 8-bit');
  });

  it('leaves out settings a method does not use', () => {
    expect(recipeLabel('gptq', { sparsity: 0.5, pattern: { n: 2, m: 4 }, bits: 3 })).toBe('gptq 3-bit');
    expect(recipeLabel('wanda', { sparsity: 0.5, bits: 4 })).toBe('wanda 50%');
    expect(recipeLabel('awq')).toBe('awq');
  });

  it('shows a combination as its pruning level then its bit width', () => {
    expect(recipeLabel('wanda+rtn', { sparsity: 0.5, bits: 4 })).toBe('wanda+rtn 50% 4-bit');
    expect(recipeLabel('sparsegpt+gptq', { pattern: { n: 2, m: 4 }, bits: 3 })).toBe('sparsegpt+gptq 2:4 3-bit');
  });

  it('shows an N:M pattern instead of the sparsity it fixes', () => {
    expect(recipeLabel('wanda', { pattern: { n: 2, m: 4 } })).toBe('wanda 2:4');
    expect(recipeLabel('magnitude', { pattern: { n: 4, m: 8 }, sparsity: 0.5 })).toBe('magnitude 4:8');
    expect(recipeLabel('magnitude', { pattern: 'unstructured', sparsity: 0.3 })).toBe('magnitude 30%');
  });

  it('marks the OWL schedule', () => {
    expect(recipeLabel('wanda', { sparsity: 0.7, schedule: 'owl' })).toBe('wanda 70% (OWL)');
    expect(recipeLabel('wanda+gptq', { sparsity: 0.5, bits: 4, schedule: 'owl' })).toBe('wanda+gptq 50% 4-bit (OWL)');
    expect(recipeLabel('wanda', { sparsity: 0.7, schedule: 'uniform' })).toBe('wanda 70%');
  });

  it('writes float sparsities without float noise, to two decimals at most', () => {
    expect(0.333 * 100).not.toBe(33.3);
    expect(recipeLabel('wanda', { sparsity: 0.333 })).toBe('wanda 33.3%');
    expect(recipeLabel('wanda', { sparsity: 0.1 })).toBe('wanda 10%');
    expect(recipeLabel('wanda', { sparsity: 0.0625 })).toBe('wanda 6.25%');
    expect(recipeLabel('wanda', { sparsity: 1 / 3 })).toBe('wanda 33.33%');
    expect(recipeLabel('wanda', { sparsity: 0 })).toBe('wanda 0%');
  });

  it('shows every given setting for a method the table does not know', () => {
    expect(recipeLabel('mystery', { sparsity: 0.5, bits: 4 })).toBe('mystery 50% 4-bit');
  });
});
