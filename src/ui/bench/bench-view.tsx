import { useEffect, useId, useState } from 'react';
import { choiceOfKernels, type KernelChoice, kernelsOfChoice } from '../../compress/bench/kernels.ts';
import { SHAPE_PRESETS } from '../../compress/bench/shapes.ts';
import { benchTextFromHash } from '../../state/bench-share.ts';
import { useBench } from '../../state/bench-store.ts';
import { downloadText } from '../charts/chart-export.ts';
import { useHash } from '../results/route.ts';
import { BenchTable } from './bench-table.tsx';
import './bench.css';

/**
 * #/bench: the kernel suite on this browser's adapter, each kernel as a fraction of the same
 * adapter's copy or matrix-product rate; `#/bench/<link>` shows a shared report beside it.
 */
export function BenchView() {
  const s = useBench();
  const ids = useId();
  const hash = useHash();
  const [link, setLink] = useState<string | null>(null);
  const linkText = benchTextFromHash(hash);
  const { openLink } = s;
  useEffect(() => {
    if (linkText) void openLink(linkText);
  }, [linkText, openLink]);

  const columns = [
    ...(s.report ? [{ title: 'This browser', report: s.report }] : []),
    ...(s.shared && linkText ? [{ title: 'Shared', report: s.shared.report }] : []),
  ];
  const report = s.report;
  const choice = choiceOfKernels(s.kernels);

  return (
    <div className="playground">
      <section className="panel">
        <h2>Kernel benchmark</h2>
        <p className="hint">
          Times every compression kernel on this browser&apos;s WebGPU adapter and reports it against two baselines measured
          in the same run: bandwidth-bound kernels as bytes moved per second over a plain buffer copy, the OBS and matrix
          kernels as FLOP/s over a tiled matrix product. Medians after a warm-up; GPU timestamps where the adapter offers
          them, else completion fences. Rows marked * time the whole launcher, uploads and readbacks included.
        </p>
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            setLink(null);
            void s.run();
          }}
        >
          <label htmlFor={`${ids}-shapes`}>Shapes (out × in)</label>
          <input
            id={`${ids}-shapes`}
            data-testid="bench-shapes"
            list={`${ids}-shape-presets`}
            value={s.shapes}
            onChange={(e) => s.setForm({ shapes: e.target.value })}
            placeholder="512x512, llm (7B layers) or hub (the hub models' layers)"
          />
          <datalist id={`${ids}-shape-presets`}>
            {SHAPE_PRESETS.map((preset) => (
              <option key={preset} value={preset} />
            ))}
          </datalist>
          <label htmlFor={`${ids}-runs`}>Timed runs</label>
          <input id={`${ids}-runs`} data-testid="bench-runs" type="number" min={1} value={s.runs} onChange={(e) => s.setForm({ runs: Number(e.target.value) })} />
          <label htmlFor={`${ids}-tokens`}>Calibration tokens</label>
          <input id={`${ids}-tokens`} data-testid="bench-tokens" type="number" min={1} value={s.tokens} onChange={(e) => s.setForm({ tokens: Number(e.target.value) })} />
          <label htmlFor={`${ids}-kernels`}>Kernels</label>
          <select
            id={`${ids}-kernels`}
            data-testid="bench-kernels"
            value={choice}
            title={s.kernels?.join(', ')}
            onChange={(e) => {
              const picked = e.target.value as KernelChoice;
              if (picked !== 'custom') s.setForm({ kernels: kernelsOfChoice(picked) });
            }}
          >
            <option value="all">every kernel</option>
            <option value="bandwidth">bandwidth-bound ({kernelsOfChoice('bandwidth')!.length})</option>
            <option value="compute">matrix and OBS, with ORT&apos;s MatMul ({kernelsOfChoice('compute')!.length})</option>
            {choice === 'custom' && <option value="custom">the link&apos;s {s.kernels!.length === 1 ? 'kernel' : `${s.kernels!.length} kernels`}</option>}
          </select>
          <button type="submit" data-testid="bench-run" disabled={s.running}>
            {s.running ? 'Running…' : 'Run the benchmark'}
          </button>
        </form>
        {s.running && s.progress && <p className="hint" data-testid="bench-progress">Running {s.progress}…</p>}
        {s.error && <p className="error" data-testid="bench-error">{s.error}</p>}
        {s.sharedError && <p className="error" data-testid="bench-link-error">This link could not be opened: {s.sharedError}</p>}
      </section>
      {columns.length > 0 && (
        <section className="panel">
          <h2>Results</h2>
          {report && (
            <p className="inline">
              <button
                type="button"
                data-testid="bench-export-json"
                onClick={() => downloadText(`${JSON.stringify(report, null, 2)}\n`, `kick-lab-bench-${report.createdAt.replace(/[:.]/g, '-')}.json`, 'application/json')}
              >
                Export JSON
              </button>
              <button
                type="button"
                data-testid="bench-share"
                onClick={() => void s.linkFor(report, window.location.href).then(setLink, (e: unknown) => setLink(`error: ${String(e)}`))}
              >
                Make a share link
              </button>
              {link && <input readOnly className="share-link" data-testid="bench-link" value={link} onFocus={(e) => e.target.select()} />}
            </p>
          )}
          {s.shared && linkText && !report && <p className="hint">Run the benchmark to see this browser&apos;s figures beside the shared ones.</p>}
          <div className="bench-table-wrap">
            <BenchTable columns={columns} />
          </div>
        </section>
      )}
    </div>
  );
}
