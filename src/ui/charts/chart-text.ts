// Text sizes of the charts and the room their axes need for them. Recharts draws ticks and axis
// titles at sizes it does not measure, so the axes here are sized from the text they will hold:
// an axis title never sits on its tick labels, in projector mode either.
import { useResults } from '../../state/results-store.ts';

export interface ChartText {
  projector: boolean;
  /** Tick labels and axis titles, in CSS pixels. */
  fontPx: number;
  /** The per-layer chart's slanted layer names. */
  smallPx: number;
}

const NORMAL: ChartText = { projector: false, fontPx: 12, smallPx: 11 };
const PROJECTOR: ChartText = { projector: true, fontPx: 20, smallPx: 17 };

export function useChartText(): ChartText {
  return useResults((s) => s.projector) ? PROJECTOR : NORMAL;
}

/** A generous average glyph width of the app's sans-serif digits and letters, per pixel of size. */
const GLYPH = 0.62;
const TICK_LINE = 6;
const GAP = 4;

/**
 * Width of a y axis whose ticks read `ticks` and whose title is drawn turned, at its left edge:
 * title, gap, the longest tick label, tick line.
 */
export function yAxisWidth(ticks: string[], fontPx: number): number {
  const longest = Math.max(1, ...ticks.map((t) => t.length));
  return Math.ceil(fontPx * 1.3 + GAP + longest * fontPx * GLYPH + TICK_LINE + GAP);
}

/** Where the turned y title sits in its axis: its centre, a little in from the left edge. */
export function yTitleOffset(fontPx: number): number {
  return Math.round(fontPx * 0.65);
}

/** Height of an x axis with one line of ticks and its title below them. */
export function xAxisHeight(fontPx: number): number {
  return Math.ceil(TICK_LINE + GAP + fontPx * 1.25 + GAP + fontPx * 1.25);
}

/** Height of an x axis whose labels are slanted at 45 degrees, the longest `chars` long. */
export function slantedAxisHeight(chars: number, fontPx: number): number {
  return Math.ceil(TICK_LINE + GAP + chars * fontPx * GLYPH * Math.SQRT1_2 + fontPx);
}
