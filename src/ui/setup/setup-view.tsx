import { useId, useState } from 'react';
import { useRun } from '../../state/run-store.ts';
import { clusterZipOfConfig } from '../../state/interop-export.ts';
import { downloadBlob } from '../charts/chart-export.ts';
import { paperPresetConfig, PAPER_PRESET_SAMPLES, sweepConfigOfSetup, useSetup } from '../../state/setup-store.ts';
import { CalibrationEditor, DevicePicker } from './calibration-editor.tsx';
import { DataSourceLine } from './data-source-line.tsx';
import { JudgeEditor } from './judge-editor.tsx';
import { MethodPicker } from './method-picker.tsx';
import { ModelPicker } from './model-picker.tsx';
import { SweepEditor } from './sweep-editor.tsx';
import { TasksEditor } from './tasks-editor.tsx';
import './setup.css';

function goToRun() {
  window.location.hash = 'run';
}

/** One click: magnitude vs wanda on kick-tiny, 0 to 70%, factoid vs open-book retrieval vs perplexity. */
function PaperPreset({ busy }: { busy: boolean }) {
  const load = useSetup((s) => s.load);
  const start = useRun((s) => s.start);
  const [samples, setSamples] = useState(PAPER_PRESET_SAMPLES);
  const id = useId();
  function run() {
    const config = paperPresetConfig(samples);
    load(config);
    void start(config, null, "The paper's finding on kick-tiny");
    goToRun();
  }
  return (
    <section className="ls-preset panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>See the paper's finding in about two minutes</h2>
      <p>
        Prune the built-in <strong>kick-tiny</strong> with magnitude and wanda at 0, 30, 50 and 70% and watch closed-book facts fall long before open-book
        retrieval or perplexity do. Runs offline, on this machine.
      </p>
      <div className="ls-row">
        <button type="button" className="ls-primary" onClick={run} disabled={busy} data-testid="preset-paper">
          Show the paper's finding
        </button>
        <span className="ls-inline">
          <label htmlFor={`${id}-n`}>examples per task</label>
          <input id={`${id}-n`} type="number" min={1} max={200} className="ls-num" value={samples} onChange={(e) => setSamples(Math.max(1, Math.round(Number(e.target.value)) || 1))} data-testid="preset-samples" />
        </span>
      </div>
    </section>
  );
}

/** Model, methods, sweep, tasks, calibration and device; then start. */
export function SetupView() {
  const setup = useSetup();
  const phase = useRun((s) => s.phase);
  const start = useRun((s) => s.start);
  const busy = phase === 'starting' || phase === 'running' || phase === 'cancelling';
  const result = sweepConfigOfSetup(setup);
  const [name, setName] = useState('');
  const id = useId();
  return (
    <div className="ls-setup" data-testid="setup-view">
      <PaperPreset busy={busy} />
      <form
        className="ls-form"
        aria-label="Sweep setup"
        onSubmit={(e) => {
          e.preventDefault();
          if (!result.ok || busy) return;
          void start(result.config, result.calibrationText, name.trim() || `${result.config.model.id}: ${result.config.methods.map((m) => m.id).join(', ')}`);
          goToRun();
        }}
      >
        <h2>Or compose a sweep</h2>
        <ModelPicker />
        <DataSourceLine />
        <MethodPicker />
        <SweepEditor plan={result.ok ? result.plan : null} config={result.ok ? result.config : null} />
        <TasksEditor />
        <CalibrationEditor />
        <JudgeEditor />
        <DevicePicker />
        <div className="ls-start">
          <label htmlFor={`${id}-name`}>Name</label>{' '}
          <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="optional" maxLength={200} />{' '}
          <button type="submit" className="ls-primary" disabled={!result.ok || busy} data-testid="start-run">
            Start sweep{result.ok ? ` (${result.plan.length} points)` : ''}
          </button>
          <button
            type="button"
            disabled={!result.ok}
            data-testid="export-cluster"
            title="llm-compressor recipes, lm-evaluation-harness tasks and run.sh that run this sweep on a GPU cluster"
            onClick={() => {
              if (!result.ok) return;
              const sweepName = name.trim() || `${result.config.model.id} sweep`;
              const zip = clusterZipOfConfig(result.config, sweepName);
              downloadBlob(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), `${sweepName.replace(/[^A-Za-z0-9._-]+/g, '-')}-cluster.zip`);
            }}
          >
            Export for a cluster (zip)
          </button>
          {busy && <span className="ls-muted"> A run is in progress: see the Run tab.</span>}
        </div>
        {!result.ok && (
          <ul className="ls-problems" aria-live="polite" data-testid="setup-problems">
            {result.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </form>
    </div>
  );
}
