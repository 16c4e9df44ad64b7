import { describe, expect, it } from 'vitest';
import { choiceOfKernels, kernelsOfChoice, ORT_PEER_KERNEL, SUITE_KERNEL_LIST } from './kernels.ts';

describe('benchmark kernel choices', () => {
  it('splits every row, the ORT peer included, into the bandwidth-bound and the compute-bound', () => {
    const bandwidth = kernelsOfChoice('bandwidth')!;
    const compute = kernelsOfChoice('compute')!;
    expect(bandwidth).toContain('mask apply');
    expect(bandwidth).not.toContain('SparseGPT 50%');
    expect(compute).toContain(ORT_PEER_KERNEL.kernel);
    expect([...bandwidth, ...compute].sort()).toEqual([...SUITE_KERNEL_LIST.map((k) => k.kernel), ORT_PEER_KERNEL.kernel].sort());
    expect(kernelsOfChoice('all')).toBeNull();
  });

  it('names the choice a list amounts to, in any order, and calls any other list custom', () => {
    expect(choiceOfKernels(null)).toBe('all');
    expect(choiceOfKernels([...kernelsOfChoice('bandwidth')!].reverse())).toBe('bandwidth');
    expect(choiceOfKernels(kernelsOfChoice('compute'))).toBe('compute');
    expect(choiceOfKernels([...kernelsOfChoice('bandwidth')!, ...kernelsOfChoice('compute')!])).toBe('all');
    expect(choiceOfKernels(['mask apply', 'SparseGPT 50%'])).toBe('custom');
    expect(choiceOfKernels(['mask apply'])).toBe('custom');
  });
});
