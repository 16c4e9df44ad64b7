import { describe, expect, it } from 'vitest';
import { tinyLlamaFiles } from '../../test/model/tiny-model-files.ts';
import { makePatchable } from '../model/weights/patchable.ts';
import { pointShapeProblem } from './point-shapes.ts';

const linears = makePatchable(tinyLlamaFiles(5)).index.linears;
const widths = [...new Set(linears.filter((l) => l.role !== 'lm_head').map((l) => l.inFeatures))].sort((a, b) => a - b);

describe('points the layer shapes cannot take', () => {
  it('refuses an AWQ group that does not divide an input width, naming the layer, before any work', () => {
    const widest = widths[widths.length - 1];
    const problem = pointShapeProblem({ spec: 'awq', params: { bits: 4, group: widest + 1 }, schedule: 'uniform' }, linears);
    expect(problem?.stage).toBe('compress');
    expect(problem?.where).toMatch(/^model\.layers\.\d+\./);
    expect(problem?.message).toMatch(/AWQ needs the group size to divide the input width/);
  });

  it('takes a group that divides every width, one group per row, and methods without a shape rule', () => {
    const common = widths.reduce((a, b) => {
      let [x, y] = [a, b];
      while (y) [x, y] = [y, x % y];
      return x;
    });
    expect(pointShapeProblem({ spec: 'awq', params: { bits: 4, group: common }, schedule: 'uniform' }, linears)).toBeNull();
    expect(pointShapeProblem({ spec: 'awq', params: { bits: 4, group: -1 }, schedule: 'uniform' }, linears)).toBeNull();
    expect(pointShapeProblem({ spec: 'wanda+rtn', params: { sparsity: 0.5, bits: 4, group: widths[0] + 1 }, schedule: 'uniform' }, linears)).toBeNull();
  });
});
