// AWQ's clipping search switched off in the setup view (the method picker's clip box) reaches the
// lab run as clip: false, and left alone it stays AWQ's default (on).
import { describe, expect, it } from 'vitest';
import { labRunInputOf } from './from-run.ts';
import { paperPresetConfig, sweepConfigOfSetup, useSetup, type SetupValues } from './setup-store.ts';

function awqSetup(params: SetupValues['params']): SetupValues {
  useSetup.getState().load(paperPresetConfig(20));
  return { ...useSetup.getState(), methods: ['awq'], sparsities: [], bits: [4], params };
}

describe('AWQ clipping from the setup', () => {
  it('off and on reach the point parameters; unset leaves the method default', () => {
    for (const [params, clip] of [[{ awq: { clip: false } }, false], [{ awq: { clip: true } }, true], [{ awq: {} }, undefined]] as const) {
      const r = sweepConfigOfSetup(awqSetup(params));
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (!r.ok) return;
      const points = labRunInputOf(r.config, r.plan).points;
      expect(points).toHaveLength(1);
      expect(points[0].params.clip).toBe(clip);
    }
  });
});
