import { useEffect } from 'react';
import type { SweepSummary } from '../../state/history.ts';
import { useRun } from '../../state/run-store.ts';
import '../results/teach.css';

/**
 * A sweep's status as it is, not as it was stored: "running" in the history but not running in
 * this tab means a reload or a closed tab interrupted it, and it can be resumed from here.
 */
export function HistoryStatus({ summary }: { summary: SweepSummary }) {
  const phase = useRun((s) => s.phase);
  const runningId = useRun((s) => s.sweep?.id);
  const unfinished = useRun((s) => s.unfinished.find((u) => u.sweep.id === summary.id));
  const resume = useRun((s) => s.resume);
  const busy = phase === 'starting' || phase === 'running' || phase === 'cancelling';
  if (summary.status !== 'running') return <>{summary.status}</>;
  if (busy && runningId === summary.id) return <>running</>;
  return (
    <span className="kt-interrupted" data-testid="history-interrupted">
      interrupted{' '}
      {unfinished && (
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            void resume(unfinished);
            window.location.hash = 'run';
          }}
          data-testid="history-resume"
        >
          Resume
        </button>
      )}
    </span>
  );
}

/** Looks for interrupted sweeps once, so that their rows can offer to resume them. */
export function useInterruptedSweeps(): void {
  const check = useRun((s) => s.checkUnfinished);
  useEffect(() => {
    void check();
  }, [check]);
}
