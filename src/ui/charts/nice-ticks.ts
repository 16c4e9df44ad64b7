// Axis ticks a person reads at a glance: 0, 0.05, 0.1, 0.15 rather than 0, 0.035, 0.07, 0.105.

/** Drops float noise (0.30000000000000004 -> 0.3). */
const clean = (v: number) => Number(v.toPrecision(12));

/** The smallest of 1, 2, 2.5, 5 (times a power of ten) at least `raw`. */
function niceStep(raw: number): number {
  const decade = 10 ** Math.floor(Math.log10(raw));
  const m = [1, 2, 2.5, 5, 10].find((k) => k * decade >= raw - 1e-12) ?? 10;
  return clean(m * decade);
}

/**
 * Ticks from 0 up to a round value at or above `max`, about `target` of them. The last tick is
 * the axis's top: pass it as the domain's upper bound.
 */
export function niceLinearTicks(max: number, target = 5): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const step = niceStep(max / Math.max(1, target - 1));
  const top = clean(Math.ceil(max / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let i = 0; clean(i * step) <= top; i++) ticks.push(clean(i * step));
  return ticks;
}

/** 1, 2, 5 times each power of ten within [low, high] (a log axis's ticks), both ends included. */
export function niceLogTicks(low: number, high: number): number[] {
  if (!(low > 0) || !(high >= low)) return [];
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(low)); e <= Math.ceil(Math.log10(high)); e++) {
    for (const m of [1, 2, 5]) {
      const v = clean(m * 10 ** e);
      if (v >= low - 1e-12 && v <= high + 1e-12) ticks.push(v);
    }
  }
  return ticks;
}

/** A tick's text: no more digits than the step between ticks needs. */
export function tickText(v: number): string {
  return String(clean(v));
}
