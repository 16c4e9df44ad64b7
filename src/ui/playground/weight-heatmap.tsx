import { useEffect, useRef } from 'react';

/** A corner of a weight matrix as a diverging heat map; exact zeros in grey so pruning shows. */
export function WeightHeatmap({ values, rows, cols, scale, label }: { values: number[]; rows: number; cols: number; scale: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(cols, rows);
    values.forEach((v, i) => {
      const t = Math.max(-1, Math.min(1, v / scale));
      const [r, g, b] = v === 0 ? [200, 200, 200] : t > 0 ? [255, 255 * (1 - t), 255 * (1 - t)] : [255 * (1 + t), 255 * (1 + t), 255];
      image.data.set([r, g, b, 255], i * 4);
    });
    ctx.putImageData(image, 0, 0);
  }, [values, rows, cols, scale]);
  return (
    <figure className="heatmap">
      <canvas ref={canvas} width={cols} height={rows} role="img" aria-label={label} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
