import { memo } from 'react';
import { axesOf, chartData, hasPerplexity, scoreTasks, TASK_LABELS } from '../../state/derive.ts';
import { useResults } from '../../state/results-store.ts';
import type { Sweep } from '../../state/sweep.ts';
import { ScoreChart } from '../charts/score-chart.tsx';
import { DeferredRender } from '../deferred-render.tsx';

/**
 * The results view's charts, redrawn as each point arrives and only then: progress re-renders the
 * run view several times a second, and redrawing every chart each time froze the page.
 */
export const LiveCharts = memo(function LiveCharts({ sweep }: { sweep: Sweep }) {
  const rule = useResults((s) => s.rule);
  const axes = axesOf(sweep);
  const tasks = scoreTasks(sweep);
  if (axes.length === 0) {
    return (
      <p className="kr-muted" data-testid="live-waiting">
        {sweep.points.length === 0 ? 'The charts appear when the dense baseline and the first compressed point have finished.' : 'Dense baseline done; the charts appear with the first compressed point.'}
      </p>
    );
  }
  return (
    <div data-testid="live-charts">
      {axes.map((axis) => (
        <section key={axis} aria-label={`Scores vs ${axis}`}>
          <div className="kr-chart-grid">
            {tasks.map((task) => (
              <DeferredRender key={task} value={chartData(sweep, task, axis, rule)}>
                {(data) => <ScoreChart data={data} title={`${TASK_LABELS[task]} (${rule}) vs ${axis === 'sparsity' ? 'sparsity' : 'bit width'}`} testId={`live-chart-${task}-${axis}`} />}
              </DeferredRender>
            ))}
            {hasPerplexity(sweep) && (
              <DeferredRender value={chartData(sweep, 'perplexity', axis, rule)}>
                {(data) => <ScoreChart data={data} title={`Perplexity vs ${axis === 'sparsity' ? 'sparsity' : 'bit width'}`} testId={`live-chart-perplexity-${axis}`} logY />}
              </DeferredRender>
            )}
          </div>
        </section>
      ))}
    </div>
  );
});
