import { pointLabel } from '../../state/derive.ts';
import { useResults } from '../../state/results-store.ts';
import { useRun } from '../../state/run-store.ts';
import { pendingPoints, pointKey } from '../../state/sweep.ts';
import { LiveCharts } from './live-charts.tsx';
import { phaseText } from './phase-text.ts';
import { ResumeOffer } from './resume-offer.tsx';
import { formatDuration, StageProgress } from './stage-progress.tsx';
import './run.css';

function RunErrors() {
  const errors = useRun((s) => s.errors).filter((e) => !e.cancelled);
  if (errors.length === 0) return null;
  return (
    <section className="lr-errors" role="alert" data-testid="run-errors">
      <h3>Errors</h3>
      <ul>
        {errors.map((e, i) => (
          <li key={i} data-testid="run-error">
            <strong>{e.pointLabel}</strong>, stage <em>{e.stage}</em>
            {e.where && (
              <>
                {' '}
                at <code>{e.where}</code>
              </>
            )}
            : {e.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Progress of the sweep in progress, cancel, errors where they happened, and charts as points arrive. */
export function RunView() {
  const { phase, sweep, plan, current, times, historyNote, cancel, retryMissing } = useRun();
  const show = useResults((s) => s.show);
  const active = phase === 'starting' || phase === 'running' || phase === 'cancelling';
  const done = new Set(sweep?.points.map((p) => p.key) ?? []);
  const finishedOfPlan = plan.filter((p) => done.has(pointKey(p))).length;
  // Of the whole sweep, not only this run's plan: what a retry would run.
  const missing = sweep ? pendingPoints(sweep).length : 0;
  const now = performance.now();
  const compressedDone = times?.denseAt !== null && times ? plan.filter((p) => p.method !== 'dense' && done.has(pointKey(p))).length : 0;
  const perPoint = times?.denseAt && times.firstChartAt && compressedDone > 0 ? (now - times.denseAt) / compressedDone : null;
  const overallEta = active && perPoint !== null ? perPoint * (plan.length - finishedOfPlan) : null;
  if (!sweep && phase === 'idle') {
    // One empty state: what to do next (and, above it, any interrupted sweep to resume).
    return (
      <div className="lr-run" data-testid="run-view">
        <ResumeOffer />
        <p className="panel" data-testid="run-empty">
          No run in this tab yet. <a href="#">Set one up</a>.
        </p>
      </div>
    );
  }
  return (
    <div className="lr-run" data-testid="run-view">
      <ResumeOffer />
      <section className="panel lr-head" aria-live="polite">
        <h2>{sweep?.name ?? 'Run'}</h2>
        <p data-testid="run-phase" data-phase={phase}>
          {phaseText(phase, sweep?.points.length ?? 0)}
        </p>
        {sweep && (
          <p>
            <span data-testid="run-count">
              {finishedOfPlan} of {plan.length} points
            </span>{' '}
            finished in this run
            {overallEta !== null && <>, about {formatDuration(overallEta)} to go</>}.
          </p>
        )}
        {plan.length > 0 && <progress className="lr-overall" max={plan.length} value={finishedOfPlan} aria-label="Points finished" />}
        {times && (
          <p className="kr-muted" data-testid="run-times">
            {times.firstChartAt !== null && <>First chart after {formatDuration(times.firstChartAt - times.startedAt)}. </>}
            {times.endedAt !== null && <>Ended after {formatDuration(times.endedAt - times.startedAt)}.</>}
            {times.endedAt === null && <>Running for {formatDuration(now - times.startedAt)}.</>}
          </p>
        )}
        <div className="lr-actions">
          {active && (
            <button type="button" onClick={cancel} disabled={phase === 'cancelling'} data-testid="cancel-run">
              Cancel
            </button>
          )}
          {sweep && sweep.points.length > 0 && (
            <button
              type="button"
              onClick={() => {
                show(sweep, 'run');
                window.location.hash = 'results';
              }}
              data-testid="open-results"
            >
              Open full results (tables, layers, examples, share)
            </button>
          )}
          {!active && missing > 0 && (phase === 'failed' || phase === 'cancelled') && (
            <button type="button" onClick={() => void retryMissing()} data-testid="retry-missing">
              Retry the {missing === 1 ? 'missing point' : `${missing} missing points`}
            </button>
          )}
          {!active && (
            <a href="#" className="lr-link">
              Back to setup
            </a>
          )}
        </div>
        {historyNote && <p className="kr-muted">{historyNote}</p>}
      </section>
      {active && current && <StageProgress label={current.label} stages={current.stages} />}
      <RunErrors />
      {sweep && (
        <section className="panel" aria-label="Charts">
          <h3>Charts</h3>
          <LiveCharts sweep={sweep} />
          {plan.length > 0 && (
            <ul className="lr-points" aria-label="Points">
              {plan.map((p) => (
                <li key={pointKey(p)} className={done.has(pointKey(p)) ? 'lr-done' : ''} data-testid="plan-point" data-done={done.has(pointKey(p))}>
                  {done.has(pointKey(p)) ? '✓ ' : '· '}
                  {pointLabel(p, sweep.config)}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
