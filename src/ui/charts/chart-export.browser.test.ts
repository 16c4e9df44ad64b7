import { describe, expect, it } from 'vitest';
import { fileSlug, serializeChartSvg, svgToPng } from './chart-export.ts';

function drawnSvg(): SVGSVGElement {
  const host = document.createElement('div');
  host.innerHTML = '<svg class="recharts-surface" width="300" height="150" viewBox="0 0 300 150"><path class="recharts-line-curve" d="M0,0L300,150" stroke="#e63946"/></svg>';
  document.body.appendChild(host);
  return host.querySelector('svg')!;
}

describe('chart export', () => {
  it('writes a standalone SVG with title, legend and the chart inside', () => {
    const svg = drawnSvg();
    const { text, width, height } = serializeChartSvg(svg, { title: 'Factoid <QA> & more', legend: [{ label: 'wanda', color: '#e63946' }, { label: 'dense', color: '#111', dashed: true }] });
    expect(width).toBe(300);
    expect(height).toBeGreaterThan(150);
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    expect(doc.documentElement.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(doc.querySelector('text')!.textContent).toBe('Factoid <QA> & more');
    expect(doc.querySelectorAll('.recharts-line-curve')).toHaveLength(1);
    expect([...doc.querySelectorAll('text')].map((t) => t.textContent)).toContain('wanda');
    expect(doc.querySelector('line[stroke-dasharray]')).not.toBeNull();
  });

  it('draws shaded legend entries as swatches and wraps long entries onto more rows', () => {
    const legend = [
      { label: 'magnitude (n = 20)', color: '#1d3557' },
      { label: 'dense (60.00, n = 20)', color: '#111', dashed: true },
      { label: 'dense: 95% interval', color: '#6b7280', area: { opacity: 0.16 } },
      { label: 'matching: within 5% below dense', color: '#2a9d8f', area: { opacity: 0.22 } },
    ];
    const { text, height } = serializeChartSvg(drawnSvg(), { title: 't', legend });
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const swatches = [...doc.querySelectorAll('rect[fill-opacity]')];
    expect(swatches.map((r) => [r.getAttribute('fill'), r.getAttribute('fill-opacity')])).toEqual([
      ['#6b7280', '0.16'],
      ['#2a9d8f', '0.22'],
    ]);
    expect([...doc.querySelectorAll('text')].map((t) => t.textContent)).toContain('matching: within 5% below dense');
    // 300 pixels hold about two entries a row: four entries take two rows or more, none past the edge.
    const ys = new Set([...doc.querySelectorAll('text')].slice(1).map((t) => t.getAttribute('y')));
    expect(ys.size).toBeGreaterThanOrEqual(2);
    expect(height).toBeGreaterThanOrEqual(28 + 150 + 2 * 20);
    for (const t of [...doc.querySelectorAll('text')].slice(1)) expect(Number(t.getAttribute('x'))).toBeLessThan(300);
  });

  it('rasterises the SVG to a PNG of twice the size, with the line drawn', async () => {
    const { text, width, height } = serializeChartSvg(drawnSvg(), { title: 't', legend: [] });
    const png = await svgToPng(text, width, height);
    expect(png.type).toBe('image/png');
    const bitmap = await createImageBitmap(png);
    expect([bitmap.width, bitmap.height]).toEqual([width * 2, height * 2]);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    // The diagonal crosses the chart's centre; the corner stays the white background.
    const mid = ctx.getImageData(width, (28 + 75) * 2, 1, 1).data;
    const corner = ctx.getImageData(width * 2 - 2, 2, 1, 1).data;
    expect([...corner.slice(0, 3)]).toEqual([255, 255, 255]);
    expect(mid[0]).toBeGreaterThan(150);
    expect(mid[1]).toBeLessThan(150);
    expect(fileSlug('Factoid QA (kick) vs sparsity')).toBe('factoid-qa-kick-vs-sparsity');
  });
});
