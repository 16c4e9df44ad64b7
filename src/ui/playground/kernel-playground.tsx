import { useEffect, useId } from 'react';
import { usePlayground } from '../../state/playground-store.ts';
import { AdapterPanel } from './adapter-panel.tsx';
import { ParamFields } from './param-fields.tsx';
import { ResultsTable } from './results-table.tsx';
import { WeightHeatmap } from './weight-heatmap.tsx';

export function KernelPlayground() {
  const s = usePlayground();
  const ids = useId();
  const { load } = s;
  useEffect(() => {
    void load();
  }, [load]);

  const steps = s.method.split('+');
  const chosen = s.methods.filter((m) => steps.includes(m.id));
  const pruners = s.methods.filter((m) => m.kind === 'prune');
  const quantizers = s.methods.filter((m) => m.kind === 'quantize');
  const latest = s.results[0];
  const scale = latest ? Math.max(...latest.corner.before.map(Math.abs)) : 1;

  return (
    <div className="playground">
      <AdapterPanel adapter={s.adapter} />
      <section className="panel">
        <h2>Kernel playground</h2>
        <p className="hint">Compress a random layer (weights N(0, 0.02²), activations with 2% outlier channels) and compare the result with the original.</p>
        <p className="hint">
          How close do the kernels come to this GPU&apos;s limits? <a href="#/bench" data-testid="bench-view-link">Open the kernel benchmark</a>.
        </p>
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void s.run();
          }}
        >
          <label htmlFor={`${ids}-method`}>Method</label>
          <select id={`${ids}-method`} value={s.method} onChange={(e) => s.setJob({ method: e.target.value })} data-testid="method">
            <optgroup label="Pruning">
              {pruners.map((m) => (
                <option key={m.id} value={m.id}>{m.label}</option>
              ))}
            </optgroup>
            <optgroup label="Quantization">
              {quantizers.map((m) => (
                <option key={m.id} value={m.id}>{m.label}</option>
              ))}
            </optgroup>
            <optgroup label="Pruning, then quantization">
              {pruners.flatMap((p) =>
                quantizers.map((q) => (
                  <option key={`${p.id}+${q.id}`} value={`${p.id}+${q.id}`}>{`${p.label} + ${q.label}`}</option>
                )),
              )}
            </optgroup>
          </select>
          {chosen.map((m) => (
            <p key={m.id} className="summary">{m.summary}</p>
          ))}
          <label htmlFor={`${ids}-rows`}>Shape (out × in)</label>
          <span className="inline">
            <input id={`${ids}-rows`} type="number" min={1} max={16384} value={s.rows} onChange={(e) => s.setJob({ rows: Number(e.target.value) })} aria-label="out features" />
            ×
            <input type="number" min={1} max={16384} value={s.cols} onChange={(e) => s.setJob({ cols: Number(e.target.value) })} aria-label="in features" />
          </span>
          <label htmlFor={`${ids}-backend`}>Backend</label>
          <select id={`${ids}-backend`} value={s.backend} onChange={(e) => s.setJob({ backend: e.target.value as 'webgpu' | 'cpu' })} data-testid="backend">
            <option value="webgpu" disabled={!s.adapter?.ok}>WebGPU kernels</option>
            <option value="cpu">CPU twin</option>
          </select>
          <ParamFields methods={chosen} />
          <button type="submit" disabled={s.running || s.methods.length === 0} data-testid="run">
            {s.running ? 'Compressing…' : 'Compress'}
          </button>
        </form>
        {s.error && (
          <p className="error" role="alert" data-testid="error">{s.error}</p>
        )}
      </section>
      {latest && (
        <section className="panel">
          <h2>Latest result</h2>
          <div className="heatmaps">
            <WeightHeatmap values={latest.corner.before} rows={latest.corner.rows} cols={latest.corner.cols} scale={scale} label="before" />
            <WeightHeatmap values={latest.corner.after} rows={latest.corner.rows} cols={latest.corner.cols} scale={scale} label="after" />
          </div>
          <ResultsTable results={s.results} onClear={s.clear} />
        </section>
      )}
    </div>
  );
}
