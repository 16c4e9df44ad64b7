import { useRef, useState } from 'react';
import { withRecordedTaskData } from '../../state/from-run.ts';
import { useResults, type ReproduceProgress } from '../../state/results-store.ts';
import type { Sweep } from '../../state/sweep.ts';
import { formatDuration } from '../run/stage-progress.tsx';
import './teach.css';

/** The whole re-run's time left: the mean time of the points finished so far, times those left. */
function overallEta(p: ReproduceProgress, startedAt: number, now: number): number | null {
  if (p.finished === 0) return null;
  return ((now - startedAt) / p.finished) * (p.total - p.finished);
}

function ReproduceStatus({ progress, startedAt }: { progress: ReproduceProgress | null; startedAt: number }) {
  if (!progress) return <span role="status">Starting the re-run…</span>;
  const p = progress;
  const eta = overallEta(p, startedAt, performance.now());
  const current = Math.min(p.finished + 1, p.total);
  return (
    <span className="kt-reproduce-status" role="status" data-testid="reproduce-progress">
      <progress max={p.total} value={p.finished + p.percent / 100} aria-label="Re-run progress" />{' '}
      {p.finished < p.total ? (
        <>
          point {current} of {p.total} ({p.point}): {p.stage} {p.detail}
          {p.etaMs !== null && p.etaMs > 0 && <>, about {formatDuration(p.etaMs)} left in this stage</>}
          {eta !== null && <>; about {formatDuration(eta)} for the rest</>}
        </>
      ) : (
        <>all {p.total} points re-run, comparing…</>
      )}
    </span>
  );
}

/** Re-runs the sweep's config here and marks each number reproduced or not. */
export function ReproduceButton({ sweep }: { sweep: Sweep }) {
  const reproducer = useResults((s) => s.reproducer);
  const setRerun = useResults((s) => s.setRerun);
  const abort = useRef<AbortController | null>(null);
  const startedAt = useRef(0);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ReproduceProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!reproducer) return null;
  async function run() {
    if (!reproducer) return;
    abort.current = new AbortController();
    startedAt.current = performance.now();
    setBusy(true);
    setProgress(null);
    setError(null);
    try {
      // The data its points were read from, where the config does not say (older sweeps).
      setRerun(await reproducer(withRecordedTaskData(sweep), abort.current.signal, setProgress));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="kt-reproduce">
      <button type="button" onClick={() => void run()} disabled={busy} data-testid="reproduce">
        {busy ? 'Re-running…' : 'Reproduce'}
      </button>
      {busy && (
        <button type="button" onClick={() => abort.current?.abort()}>
          Cancel
        </button>
      )}
      {busy && <ReproduceStatus progress={progress} startedAt={startedAt.current} />}
      {error && (
        <span className="kr-error" role="alert" data-testid="reproduce-error">
          {' '}
          The re-run failed: {error}
        </span>
      )}
    </span>
  );
}
