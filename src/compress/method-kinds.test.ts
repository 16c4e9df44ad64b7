import { describe, expect, it } from 'vitest';
import { METHOD_KINDS, stepKind } from './method-kinds.ts';
import { METHOD_IDS, METHODS } from './registry.ts';

describe('kernel-free method table', () => {
  it('has every method of the registry, and nothing else', () => {
    expect(Object.keys(METHOD_KINDS).sort()).toEqual([...METHOD_IDS].sort());
  });

  it.each(METHOD_IDS.map((id) => [id]))('agrees with the registry on %s', (id) => {
    expect(METHOD_KINDS[id]).toEqual({ kind: METHODS[id].kind, label: METHODS[id].label });
    expect(stepKind(id)).toBe(METHODS[id].kind);
  });

  it('knows no combination and no unknown id', () => {
    expect(stepKind('wanda+rtn')).toBeNull();
    expect(stepKind('dense')).toBeNull();
    expect(stepKind('toString')).toBeNull();
  });
});
