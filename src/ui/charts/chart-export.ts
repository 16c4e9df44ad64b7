// A chart's SVG as a standalone file (title and legend drawn in, since the on-page legend is
// HTML), and the same picture rasterised on a canvas as PNG.

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface LegendEntry {
  label: string;
  color: string;
  dashed?: boolean;
  /** A line's own dash pattern (SVG stroke-dasharray), where it tells runs apart. */
  dash?: string;
  /** A shaded region (an interval, a band) rather than a line: drawn as a filled swatch. */
  area?: { opacity: number };
}

export interface SvgExportOptions {
  title: string;
  legend: LegendEntry[];
  background?: string;
}

const TITLE_H = 28;
const LEGEND_ROW_H = 20;
/** Swatch, gap and an estimate of the label's width at 12px: enough to keep entries apart. */
const SWATCH_W = 28;
const CHAR_W = 6.6;
const ENTRY_GAP = 16;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Standalone SVG text of a rendered chart, with a white background, title and legend. */
export function serializeChartSvg(svg: SVGSVGElement, opts: SvgExportOptions): { text: string; width: number; height: number } {
  const box = svg.getBoundingClientRect();
  const w = Math.max(1, Math.round(box.width || Number(svg.getAttribute('width')) || 600));
  const h = Math.max(1, Math.round(box.height || Number(svg.getAttribute('height')) || 300));
  const placed = layoutLegend(opts.legend, w);
  const rows = placed.length ? Math.max(...placed.map((p) => p.row)) + 1 : 0;
  const legendH = rows * LEGEND_ROW_H;
  const totalH = TITLE_H + h + legendH + 8;

  const out = el('svg', { xmlns: SVG_NS, width: w, height: totalH, viewBox: `0 0 ${w} ${totalH}`, 'font-family': FONT });
  out.appendChild(el('rect', { x: 0, y: 0, width: w, height: totalH, fill: opts.background ?? '#ffffff' }));
  out.appendChild(el('text', { x: 8, y: 19, 'font-size': 15, 'font-weight': 600, fill: '#1b2430' }, opts.title));

  const body = el('g', { transform: `translate(0 ${TITLE_H})` });
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.removeAttribute('style');
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${w} ${h}`);
  body.appendChild(clone);
  out.appendChild(body);

  placed.forEach(({ entry, x, row }) => {
    const y = TITLE_H + h + 4 + row * LEGEND_ROW_H;
    if (entry.area) out.appendChild(el('rect', { x, y: y + 2, width: 22, height: 12, fill: entry.color, 'fill-opacity': entry.area.opacity, stroke: entry.color, 'stroke-opacity': 0.6 }));
    else out.appendChild(el('line', { x1: x, y1: y + 8, x2: x + 22, y2: y + 8, stroke: entry.color, 'stroke-width': 2.5, ...(entry.dash || entry.dashed ? { 'stroke-dasharray': entry.dash ?? '5 3' } : {}) }));
    out.appendChild(el('text', { x: x + SWATCH_W, y: y + 12, 'font-size': 12, fill: '#1b2430' }, entry.label));
  });
  return { text: new XMLSerializer().serializeToString(out), width: w, height: totalH };
}

/** Legend entries left to right, wrapping to a new row where the next would pass the width. */
function layoutLegend(legend: LegendEntry[], width: number): Array<{ entry: LegendEntry; x: number; row: number }> {
  const placed: Array<{ entry: LegendEntry; x: number; row: number }> = [];
  let x = 8;
  let row = 0;
  for (const entry of legend) {
    const w = SWATCH_W + entry.label.length * CHAR_W;
    if (x > 8 && x + w > width - 8) {
      x = 8;
      row++;
    }
    placed.push({ entry, x, row });
    x += w + ENTRY_GAP;
  }
  return placed;
}

/** Draws SVG text onto a canvas at `scale` and returns it as PNG. */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw on a canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Chromium reads the blob after the click returns; revoke a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

/** File-name-safe version of a title. */
export function fileSlug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'chart';
}
