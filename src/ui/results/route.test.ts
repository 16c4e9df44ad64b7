import { describe, expect, it } from 'vitest';
import { isMalformedShare, routeOf } from './route.ts';

describe('hash routes', () => {
  it('maps hashes to views, the lab setup when empty', () => {
    expect(routeOf('')).toBe('lab');
    expect(routeOf('#')).toBe('lab');
    expect(routeOf('#lab')).toBe('lab');
    expect(routeOf('#run')).toBe('run');
    expect(routeOf('#playground')).toBe('playground');
    expect(routeOf('#results')).toBe('results');
    expect(routeOf('#history')).toBe('history');
    expect(routeOf('#share=v1.00000000.AAAA')).toBe('share');
    expect(routeOf('#share=')).toBe('share');
    expect(routeOf('#/bench')).toBe('bench');
    expect(routeOf('#/bench/v1.00000000.AAAA')).toBe('bench');
  });

  it('says "not found" for a hash that names no view, and knows a malformed share link', () => {
    for (const hash of ['#nosuchview', '#shared', '#/share/garbage', '#Results', '#results/x', '#/benchmark']) expect(routeOf(hash), hash).toBe('not-found');
    expect(isMalformedShare('#/share/garbage')).toBe(true);
    expect(isMalformedShare('#shared')).toBe(true);
    expect(isMalformedShare('#nosuchview')).toBe(false);
    expect(isMalformedShare('#share=abc')).toBe(false);
  });
});
