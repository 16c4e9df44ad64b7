// Every compressed point of a sweep carries its paired drop from the sweep's dense point; points
// that arrive before dense (a resumed sweep) get theirs when dense arrives.
import { withDrops } from '../tasks/paired-drops.ts';
import { DENSE_METHOD, type Sweep, type SweepPoint } from './sweep.ts';

export function withDenseDrops(sweep: Sweep): Sweep {
  const dense = sweep.points.find((p) => p.spec.method === DENSE_METHOD);
  if (!dense) return sweep;
  return { ...sweep, points: sweep.points.map((p) => (p === dense ? p : pointWithDrops(p, dense))) };
}

export function pointWithDrops(point: SweepPoint, dense: SweepPoint): SweepPoint {
  return { ...point, record: withDrops(point.record, dense.record) };
}
