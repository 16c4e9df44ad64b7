import { describe, expect, it } from 'vitest';
import { routeOf } from './route.ts';

describe('hash routes', () => {
  it('maps hashes to views, the lab setup by default', () => {
    expect(routeOf('')).toBe('lab');
    expect(routeOf('#')).toBe('lab');
    expect(routeOf('#run')).toBe('run');
    expect(routeOf('#playground')).toBe('playground');
    expect(routeOf('#results')).toBe('results');
    expect(routeOf('#history')).toBe('history');
    expect(routeOf('#share=v1.00000000.AAAA')).toBe('share');
    expect(routeOf('#share=')).toBe('share');
    expect(routeOf('#shared')).toBe('lab');
    expect(routeOf('#/bench')).toBe('bench');
    expect(routeOf('#/bench/v1.00000000.AAAA')).toBe('bench');
    expect(routeOf('#/benchmark')).toBe('lab');
  });
});
