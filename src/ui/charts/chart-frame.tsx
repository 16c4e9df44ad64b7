import { useRef, useState, type ReactNode } from 'react';
import { ChartLegend } from './chart-legend.tsx';
import { downloadBlob, downloadText, fileSlug, serializeChartSvg, svgToPng, type LegendEntry } from './chart-export.ts';

interface Props {
  title: string;
  legend: LegendEntry[];
  testId: string;
  /** The chart (an SVG somewhere inside). */
  children: ReactNode;
  /** The plotted numbers as a table, for screen readers and for copying. */
  table: ReactNode;
  note?: ReactNode;
  /** Show the legend on the page too (it is always drawn into exported pictures). */
  showLegend?: boolean;
  /** The plot's height class: score charts, or the taller per-layer bars. */
  size?: 'score' | 'layers';
}

/** A chart with its title, SVG/PNG export and the numbers behind it. */
export function ChartFrame({ title, legend, testId, children, table, note, showLegend = false, size = 'score' }: Props) {
  const plot = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);

  function svgOfPlot(): SVGSVGElement | null {
    // The chart's own surface, not the small SVG icons of its HTML legend.
    return plot.current?.querySelector<SVGSVGElement>('.recharts-wrapper > svg') ?? null;
  }

  async function exportAs(kind: 'svg' | 'png') {
    setError(null);
    const svg = svgOfPlot();
    if (!svg) {
      setError('the chart is not drawn yet');
      return;
    }
    try {
      const { text, width, height } = serializeChartSvg(svg, { title, legend });
      if (kind === 'svg') downloadText(text, `${fileSlug(title)}.svg`, 'image/svg+xml');
      else downloadBlob(await svgToPng(text, width, height), `${fileSlug(title)}.png`);
    } catch (e) {
      setError(`export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  return (
    <figure className="kr-chart" data-testid={testId}>
      <figcaption className="kr-chart-head">
        {/* One line, cut with an ellipsis where it must be: the buttons stay beside it. */}
        <span className="kr-chart-title" title={title}>
          {title}
        </span>
        <span className="kr-chart-actions">
          <button type="button" onClick={() => void exportAs('svg')} aria-label={`Download ${title} as SVG`}>
            SVG
          </button>
          <button type="button" onClick={() => void exportAs('png')} aria-label={`Download ${title} as PNG`}>
            PNG
          </button>
        </span>
      </figcaption>
      {/* The plot comes before the legend so that the plots of a row of cards line up. */}
      <div ref={plot} className={`kr-chart-plot kr-chart-plot--${size}`}>
        {children}
      </div>
      {showLegend && <ChartLegend entries={legend} testId={testId} />}
      {note && <p className="kr-note">{note}</p>}
      {error && (
        <p className="kr-error" role="alert">
          {error}
        </p>
      )}
      <details className="kr-chart-data">
        <summary>Numbers</summary>
        <div className="kr-scroll">{table}</div>
      </details>
    </figure>
  );
}
