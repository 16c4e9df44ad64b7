import { describe, expect, it } from 'vitest';
import { paperFindingConfig, paperFindingSweep, quantSweep, quantSweepConfig, unfinishedSweep } from '../../test/state/sweep-fixtures.ts';
import { methodKind, pendingPoints, planPoints, pointKey, SweepFormatError, validateSweep, type Sweep } from './sweep.ts';

describe('sweep plan', () => {
  it('plans dense once, then each pruning method at each non-zero sparsity', () => {
    const keys = planPoints(paperFindingConfig()).map(pointKey);
    expect(keys).toEqual(['dense', 'magnitude|s=0.3', 'magnitude|s=0.5', 'magnitude|s=0.7', 'wanda|s=0.3', 'wanda|s=0.5', 'wanda|s=0.7']);
  });

  it('plans quantizers per bit width, int8 at 8 bits only, N:M patterns and prune+quantize combinations', () => {
    const cfg = { ...quantSweepConfig(), methods: [{ id: 'rtn', params: {} }, { id: 'int8', params: {} }, { id: 'wanda', params: {} }, { id: 'wanda+rtn', params: {} }], sparsities: [0.5], bits: [4, 8] };
    const keys = planPoints(cfg).map(pointKey);
    expect(keys).toEqual([
      'dense',
      'rtn|b=8', 'rtn|b=4',
      'int8|b=8',
      'wanda|s=0.5', 'wanda|nm=2:4',
      'wanda+rtn|s=0.5|b=8', 'wanda+rtn|s=0.5|b=4', 'wanda+rtn|nm=2:4|b=8', 'wanda+rtn|nm=2:4|b=4',
    ]);
    expect(methodKind('gptq')).toBe('quantize');
    expect(methodKind('sparsegpt')).toBe('prune');
    expect(methodKind('sparsegpt+gptq')).toBe('combo');
  });

  it('lists the points still to run of an unfinished sweep, in plan order', () => {
    expect(pendingPoints(unfinishedSweep(3)).map(pointKey)).toEqual(['magnitude|s=0.7', 'wanda|s=0.3', 'wanda|s=0.5', 'wanda|s=0.7']);
    expect(pendingPoints(paperFindingSweep())).toEqual([]);
  });
});

describe('sweep schema', () => {
  it('accepts the fixtures and round-trips them through JSON', () => {
    for (const s of [paperFindingSweep(), quantSweep()]) expect(validateSweep(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('rejects wrong versions, mismatched keys, duplicate points and judge keys, naming the path', () => {
    const bad = (mutate: (s: Sweep) => void) => {
      const copy = structuredClone(paperFindingSweep());
      mutate(copy);
      return () => validateSweep(copy);
    };
    expect(bad((s) => ((s as { version: number }).version = 2))).toThrow(SweepFormatError);
    expect(bad((s) => ((s as { version: number }).version = 2))).toThrow(/at version/);
    expect(bad((s) => (s.points[1].key = 'wanda|s=0.3'))).toThrow(/does not match its spec/);
    expect(bad((s) => s.points.push(structuredClone(s.points[1])))).toThrow(/appears twice/);
    expect(bad((s) => (s.config.judge = { url: 'http://127.0.0.1/v1', model: 'm', apiKey: 'sk-1' } as never))).toThrow(/at config.judge/);
    expect(bad((s) => (s.points[2].record.method.id = 'wanda'))).toThrow(/differs from the point/);
    expect(bad((s) => (s.points[1].layers[0].relErr = Number.POSITIVE_INFINITY))).toThrow(/layers.0.relErr/);
    expect(bad((s) => (s.config.methods[0].id = '<script>'))).toThrow(/method id/);
  });

  it('fixture scores are the mean of the example scores they carry', () => {
    for (const p of paperFindingSweep().points) {
      for (const t of p.examples) {
        const s = p.record.scores.find((x) => x.task === t.task)!;
        for (const rule of ['kick', 'strict'] as const) {
          const mean = t.examples.reduce((a, e) => a + (e.scores[rule] ?? 0), 0) / t.examples.length;
          expect(s[rule].value).toBeCloseTo(mean, 12);
        }
      }
    }
  });
});
