import type { LegendEntry } from './chart-export.ts';

function Swatch({ entry }: { entry: LegendEntry }) {
  if (entry.area) {
    return (
      <svg className="kr-legend-swatch" viewBox="0 0 34 12" aria-hidden="true">
        <rect x="0.5" y="0.5" width="33" height="11" fill={entry.color} fillOpacity={entry.area.opacity} stroke={entry.color} strokeOpacity={0.6} />
      </svg>
    );
  }
  return (
    <svg className="kr-legend-swatch" viewBox="0 0 34 12" aria-hidden="true">
      <line x1="0" y1="6" x2="34" y2="6" stroke={entry.color} strokeWidth={2.5} strokeDasharray={entry.dash ?? (entry.dashed ? '5 3' : undefined)} />
    </svg>
  );
}

/**
 * The chart's legend as HTML: the same entries the exported SVG draws, shaded regions included
 * (recharts' own legend lists lines only).
 */
export function ChartLegend({ entries, testId }: { entries: LegendEntry[]; testId: string }) {
  return (
    <ul className="kr-legend" data-testid={`${testId}-legend`}>
      {entries.map((e) => (
        <li key={e.label}>
          <Swatch entry={e} />
          <span>{e.label}</span>
        </li>
      ))}
    </ul>
  );
}
