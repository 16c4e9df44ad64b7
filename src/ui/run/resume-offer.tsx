import { useEffect } from 'react';
import { useRun } from '../../state/run-store.ts';
import { planPoints } from '../../state/sweep.ts';

/** Sweeps a reload interrupted: resume at the first point still to run, or let them go. */
export function ResumeOffer() {
  const unfinished = useRun((s) => s.unfinished);
  const check = useRun((s) => s.checkUnfinished);
  const resume = useRun((s) => s.resume);
  const dismiss = useRun((s) => s.dismissUnfinished);
  const phase = useRun((s) => s.phase);
  useEffect(() => {
    void check();
  }, [check]);
  const busy = phase === 'starting' || phase === 'running' || phase === 'cancelling';
  if (unfinished.length === 0) return null;
  return (
    <section className="lr-resume panel" role="region" aria-label="Interrupted sweeps" data-testid="resume-offer">
      <h2>An interrupted sweep can go on</h2>
      <ul>
        {unfinished.map((u) => (
          <li key={u.sweep.id}>
            <strong>{u.sweep.name || u.sweep.id}</strong>{' '}
            <span data-testid="resume-count">
              {u.sweep.points.length} of {planPoints(u.sweep.config).length} points finished
            </span>
            , {u.pending.length} to run.{' '}
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                void resume(u);
                window.location.hash = 'run';
              }}
              data-testid="resume"
            >
              Resume
            </button>{' '}
            <button type="button" disabled={busy} onClick={() => void dismiss(u.sweep.id)} data-testid="resume-dismiss">
              Discard
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
