import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';

export interface BarPoint {
  /** Where the point is drawn on x (its value, moved aside a little where curves share an x). */
  px: number;
  low: number | null;
  high: number | null;
  pointKey: string;
}

export interface BarSeries {
  key: string;
  color: string;
  points: BarPoint[];
}

const CAP = 4;

/**
 * A 95% interval as a vertical bar with caps at each point, one path per point, in the curve's
 * colour. Drawn inside the chart (a child of the recharts chart) from its own axis scales;
 * bounds outside the plot are cut at its edge.
 */
export function IntervalBars({ series, strokeWidth = 1.6 }: { series: BarSeries[]; strokeWidth?: number }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const area = usePlotArea();
  if (!x || !y || !area) return null;
  const top = area.y;
  const bottom = area.y + area.height;
  const clampY = (v: number) => Math.min(bottom, Math.max(top, v));
  return (
    <g className="kr-error-bars">
      {series.map((s) =>
        s.points.map((p) => {
          if (p.low === null || p.high === null) return null;
          const cx = x(p.px);
          const y1 = y(p.low);
          const y2 = y(p.high);
          if (cx === undefined || y1 === undefined || y2 === undefined || ![cx, y1, y2].every(Number.isFinite)) return null;
          const [a, b] = [clampY(y1), clampY(y2)];
          const d = `M${cx},${a}V${b}M${cx - CAP},${a}H${cx + CAP}M${cx - CAP},${b}H${cx + CAP}`;
          return <path key={`${s.key}/${p.pointKey}`} className="kr-error-bar" data-point={p.pointKey} d={d} stroke={s.color} strokeWidth={strokeWidth} fill="none" />;
        }),
      )}
    </g>
  );
}
