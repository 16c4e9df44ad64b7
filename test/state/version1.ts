// Test support: a recorded sweep as a version 1 record kept it (no intervals, outcomes, windows or
// paired drops), for the code paths that still read such files.
import type { Sweep } from '../../src/state/sweep.ts';

/** The sweep's JSON with every point's record put back to version 1; validate it to read it. */
export function asVersion1(sweep: Sweep): unknown {
  const copy = structuredClone(sweep) as unknown as { points: Array<{ record: { version: number; scores: Array<Record<string, unknown>> } }> };
  for (const p of copy.points) {
    p.record.version = 1;
    p.record.scores = p.record.scores.map(({ outcomes: _o, windows: _w, drop: _d, kick, strict, ...rest }) => {
      const { interval: _ki, divisor: _kd, ...k } = kick as Record<string, unknown>;
      const { interval: _si, ...st } = strict as Record<string, unknown>;
      return { ...rest, kick: k, strict: st };
    });
  }
  return copy;
}
