import { Fragment } from 'react';
import { compareRows, compareSummary, runLetter, runName, type CompareRow } from '../../state/compare.ts';
import { axesOf, chartData, formatNumber, hasPerplexity, scoreTasks, TASK_LABELS, type Axis, type Rule } from '../../state/derive.ts';
import { formatInterval, formatP, intervalDigits, TEST_NAMES, verdictText } from '../../state/stat-format.ts';
import type { Sweep } from '../../state/sweep.ts';
import type { TaskId } from '../../tasks/result.ts';
import { CompareChart, RUN_DASHES } from './compare-chart.tsx';

const AXIS_WORDS: Record<Axis, string> = { sparsity: 'vs sparsity', bits: 'vs bit width' };

function RunKey({ sweeps }: { sweeps: Sweep[] }) {
  return (
    <ul className="kr-compare-runs" data-testid="compare-runs">
      {sweeps.map((s, i) => (
        <li key={`${s.id}-${i}`}>
          <svg width="34" height="12" aria-hidden="true">
            <line x1="0" y1="6" x2="34" y2="6" stroke="#1b2430" strokeWidth={2.5} strokeDasharray={RUN_DASHES[i] || undefined} />
          </svg>
          <strong>{runName(s, i)}</strong>
          <span className="kr-muted"> ({s.config.model.id})</span>
        </li>
      ))}
    </ul>
  );
}

function signed(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  const t = v.toFixed(2);
  return Number(t) === 0 ? (0).toFixed(2) : `${v > 0 ? '+' : ''}${t}`;
}

function Verdict({ row }: { row: CompareRow }) {
  if (row.verdict === null || row.verdictBasis === null) return <td data-col="verdict">—</td>;
  const v = verdictText(row.verdict, row.verdictBasis, row.paired?.n ?? null);
  return (
    <td data-col="verdict" className={`kr-verdict kr-verdict--${row.verdict}`} data-basis={row.verdictBasis}>
      <span className="kr-nowrap">{`${v.symbol} ${v.words}`}</span>
      {v.details.map((d) => (
        <Fragment key={d}>
          {' '}
          <span className="kr-nowrap">{d}</span>
        </Fragment>
      ))}
    </td>
  );
}

/** One row per point, task and run: the runs of a point one under the other. */
function CompareTable({ sweeps, rule }: { sweeps: Sweep[]; rule: Rule }) {
  const rows = compareRows(sweeps, rule);
  return (
    <div className="kr-drop" data-testid="compare-drop">
      <p className="kr-muted kr-table-note">
        Each run&rsquo;s points against its own dense model: the paired drop is dense − compressed in points (for perplexity, compressed − dense), positive = a loss.
      </p>
      <div className="kr-scroll">
        <table className="kr-table">
          <caption>Drop from dense, run by run ({rule} rule)</caption>
          <thead>
            <tr>
              <th scope="col" className="kr-left">
                task
              </th>
              <th scope="col">compressed</th>
              <th scope="col">run</th>
              <th scope="col" colSpan={2}>
                score [95%]
              </th>
              <th scope="col">dense</th>
              <th scope="col" colSpan={2}>
                paired drop [95%]
              </th>
              <th scope="col">p</th>
              <th scope="col" className="kr-left">
                verdict
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const digits = r.task === 'perplexity' ? 2 : intervalDigits(r.unit);
              const firstOfPoint = i === 0 || rows[i - 1].pointKey !== r.pointKey || rows[i - 1].task !== r.task;
              return (
                <tr key={`${r.task}/${r.pointKey}/${r.run}`} className={firstOfPoint ? 'kr-group-start' : undefined} data-testid="compare-row" data-run={r.run} data-point={r.pointKey} data-task={r.task}>
                  <td className="kr-left">{TASK_LABELS[r.task as TaskId]}</td>
                  <th scope="row">{r.label}</th>
                  <td data-col="run">{runLetter(r.run)}</td>
                  <td data-col="score" className="kr-val">
                    {formatNumber(r.score)}
                  </td>
                  <td data-col="score-ci" className="kr-ci">
                    {formatInterval(r.scoreInterval, digits)}
                  </td>
                  <td data-col="dense">{formatNumber(r.dense)}</td>
                  <td data-col="drop" className="kr-val" title={r.paired ? `paired on ${r.paired.n}` : `point estimate only: ${r.pairedWhy ?? 'no paired drop'}`}>
                    {signed(r.paired ? r.paired.loss : r.fallback)}
                  </td>
                  <td data-col="drop-ci" className="kr-ci">
                    {formatInterval(r.paired, digits)}
                  </td>
                  <td data-col="p" title={r.paired ? TEST_NAMES[r.paired.test] : undefined}>
                    {r.paired ? formatP(r.paired.p) : '—'}
                  </td>
                  <Verdict row={r} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * Two or more sweeps compared: what differs in words, their curves overlaid (a colour per
 * method, a line style per run), and one drop table with a row per point and run.
 */
export function CompareView({ sweeps, rule }: { sweeps: Sweep[]; rule: Rule }) {
  const axes = (['sparsity', 'bits'] as const).filter((a) => sweeps.some((s) => axesOf(s).includes(a)));
  const tasks = [...new Set(sweeps.flatMap(scoreTasks))];
  const ppl = sweeps.some(hasPerplexity);
  return (
    <section className="kr-compare" data-testid="history-compare-view" aria-labelledby="kr-compare-h">
      <h3 id="kr-compare-h">Comparing {sweeps.length} runs</h3>
      <RunKey sweeps={sweeps} />
      <ul className="kr-compare-summary" data-testid="compare-summary">
        {compareSummary(sweeps, rule).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {axes.map((axis) => (
        <div key={axis} className="kr-chart-grid">
          {tasks.map((task) => (
            <CompareChart
              key={task}
              runs={sweeps.map((s) => (axesOf(s).includes(axis) && scoreTasks(s).includes(task) ? chartData(s, task, axis, rule) : null))}
              title={`${TASK_LABELS[task]} (${rule}) ${AXIS_WORDS[axis]}`}
              testId={`compare-chart-${task}-${axis}`}
            />
          ))}
          {ppl && (
            <CompareChart
              runs={sweeps.map((s) => (axesOf(s).includes(axis) && hasPerplexity(s) ? chartData(s, 'perplexity', axis, rule) : null))}
              title={`Perplexity ${AXIS_WORDS[axis]}`}
              testId={`compare-chart-perplexity-${axis}`}
              logY
            />
          )}
        </div>
      ))}
      <CompareTable sweeps={sweeps} rule={rule} />
    </section>
  );
}
