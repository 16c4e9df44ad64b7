import { describe, expect, it } from 'vitest';
import { phaseText } from './phase-text.ts';

describe('run phase text', () => {
  it('says the finished points are kept only when there are some', () => {
    expect(phaseText('failed', 0)).toBe('Stopped with errors: no point had finished, so nothing is kept.');
    expect(phaseText('failed', 1)).toBe('Stopped with errors: the finished point is kept.');
    expect(phaseText('cancelled', 3)).toBe('Cancelled: the 3 finished points are kept.');
    expect(phaseText('finished', 7)).toBe('Finished');
  });
});
