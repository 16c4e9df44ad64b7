// Every compressed point of a sweep carries its paired drop from the sweep's dense point. The
// worker attaches it when dense ran in the same run; points that arrive without it (a resumed
// sweep whose dense point came from an earlier session, or dense arriving late) get it here, once.
import { withDrops } from '../tasks/paired-drops.ts';
import type { RunRecord } from '../tasks/record.ts';
import { DENSE_METHOD, type Sweep, type SweepPoint } from './sweep.ts';

function hasDrops(record: RunRecord): boolean {
  return record.scores.some((s) => s.drop !== undefined);
}

/** The sweep with drops filled in where a compressed point lacks them. */
export function withDenseDrops(sweep: Sweep): Sweep {
  const dense = sweep.points.find((p) => p.spec.method === DENSE_METHOD);
  if (!dense) return sweep;
  return { ...sweep, points: sweep.points.map((p) => (p === dense || hasDrops(p.record) ? p : pointWithDrops(p, dense))) };
}

export function pointWithDrops(point: SweepPoint, dense: SweepPoint): SweepPoint {
  return hasDrops(point.record) ? point : { ...point, record: withDrops(point.record, dense.record) };
}
