import { axesOf, chartData, hasPerplexity, scoreTasks, TASK_LABELS, type Axis } from '../../state/derive.ts';
import { useResults } from '../../state/results-store.ts';
import { planPoints, type Sweep } from '../../state/sweep.ts';
import { ScoreChart } from '../charts/score-chart.tsx';
import { DroppedNotice } from '../share/dropped-notice.tsx';
import { ShareBox } from '../share/share-box.tsx';
import { DropTableView } from './drop-table-view.tsx';
import { ExampleBrowser } from './example-browser.tsx';
import { ExportBar } from './export-bar.tsx';
import { HeadlineView } from './headline-view.tsx';
import { IntervalExplainer } from './interval-explainer.tsx';
import { LayerView } from './layer-view.tsx';
import { ReproduceButton } from './reproduce-button.tsx';
import { ReproductionSummary } from './reproduction-summary.tsx';
import { RuleSwitch } from './rule-switch.tsx';
import { SaveToHistory } from './save-to-history.tsx';
import './results.css';

const ORIGIN_NOTE = {
  share: 'Opened from a share link.',
  history: 'From this browser\u2019s history.',
  example: 'An example: a run of the lab on kick-tiny recorded with the app (public/examples/), not run in this browser.',
  run: 'From the run that just finished.',
} as const;

function axisTitle(axis: Axis): string {
  return axis === 'sparsity' ? 'vs sparsity' : 'vs bit width';
}

function Meta({ sweep }: { sweep: Sweep }) {
  const dense = sweep.points.find((p) => p.spec.method === 'dense')?.record;
  const m = sweep.config.model;
  return (
    <dl className="kr-meta">
      <div>
        <dt>model</dt>
        <dd data-testid="results-model">{`${m.id} @ ${m.revision} (${m.dtype})`}</dd>
      </div>
      <div>
        <dt>methods</dt>
        <dd>{sweep.config.methods.map((x) => x.id).join(', ')}</dd>
      </div>
      <div>
        <dt>device</dt>
        <dd>{dense ? dense.device.backend : sweep.config.device}</dd>
      </div>
      <div>
        <dt>points</dt>
        <dd>
          {sweep.points.length} of {planPoints(sweep.config).length} ({sweep.status})
        </dd>
      </div>
      <div>
        <dt>app</dt>
        <dd>{dense?.appVersion ?? '—'}</dd>
      </div>
      {sweep.points.some((p) => p.record.origin) && (
        <div>
          <dt>ran</dt>
          <dd data-testid="results-origin">
            {[...new Set(sweep.points.flatMap((p) => (p.record.origin ? [`${p.record.origin.engine} ${p.record.origin.engineVersion} (${p.record.origin.backend}) on ${p.record.origin.where}`] : [])))].join('; ')}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** Everything a sweep shows: charts per task, perplexity, drop table, layers, examples. */
export function ResultsView({ sweep }: { sweep: Sweep }) {
  const { rule, setRule, origin, dropped, reproduction, close } = useResults();
  const tasks = scoreTasks(sweep);
  const axes = axesOf(sweep);
  const ppl = hasPerplexity(sweep);
  return (
    <article className="kr-results" data-testid="results-view">
      <header className="kr-results-head">
        <h2 data-testid="results-title">{sweep.name || 'Results'}</h2>
        {origin && <p className="kr-muted">{ORIGIN_NOTE[origin]}</p>}
        <Meta sweep={sweep} />
        {sweep.error && (
          <p className="kr-error" role="alert">
            The run stopped: {sweep.error}
          </p>
        )}
        <DroppedNotice dropped={dropped} />
      </header>
      <HeadlineView sweep={sweep} rule={rule} />

      <div className="kr-toolbar" data-testid="results-toolbar">
        <RuleSwitch rule={rule} onChange={setRule} compact />
        <ExportBar sweep={sweep} />
        <SaveToHistory sweep={sweep} />
        <ReproduceButton sweep={sweep} />
        <button
          type="button"
          onClick={() => {
            close();
            window.location.hash = 'results';
          }}
          data-testid="results-close"
        >
          Close
        </button>
      </div>
      <ShareBox sweep={sweep} />
      {reproduction && <ReproductionSummary report={reproduction} />}

      {axes.length === 0 && <p className="kr-muted">No compressed point has finished yet.</p>}
      {axes.length > 0 && <IntervalExplainer sweep={sweep} rule={rule} />}
      {axes.map((axis) => (
        <section key={axis} aria-labelledby={`kr-charts-${axis}`}>
          <h3 id={`kr-charts-${axis}`}>Scores {axisTitle(axis)}</h3>
          <div className="kr-chart-grid">
            {tasks.map((task) => (
              <ScoreChart key={task} data={chartData(sweep, task, axis, rule)} title={`${TASK_LABELS[task]} (${rule}) ${axisTitle(axis)}`} testId={`chart-${task}-${axis}`} />
            ))}
            {ppl && <ScoreChart data={chartData(sweep, 'perplexity', axis, rule)} title={`Perplexity ${axisTitle(axis)}`} testId={`chart-perplexity-${axis}`} logY />}
          </div>
        </section>
      ))}

      <section aria-labelledby="kr-drop">
        <h3 id="kr-drop">Drop from dense</h3>
        <DropTableView sweep={sweep} rule={rule} reproduction={reproduction} />
      </section>

      <section aria-labelledby="kr-layers">
        <h3 id="kr-layers">Per layer</h3>
        <LayerView sweep={sweep} />
      </section>

      <section aria-labelledby="kr-examples">
        <h3 id="kr-examples">Examples</h3>
        <ExampleBrowser sweep={sweep} rule={rule} />
      </section>
    </article>
  );
}
