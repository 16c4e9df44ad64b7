import { useId, useState } from 'react';
import { compressedPoints, examplePairs, formatNumber, pointLabel, scoreTasks, TASK_LABELS, type Rule } from '../../state/derive.ts';
import type { Sweep } from '../../state/sweep.ts';
import type { TaskId } from '../../tasks/result.ts';

const PAGE = 25;

/** Each prompt with the dense and the compressed answer and their scores; all text shown as text. */
export function ExampleBrowser({ sweep, rule }: { sweep: Sweep; rule: Rule }) {
  const tasks = scoreTasks(sweep).filter((t) => sweep.points.some((p) => p.examples.some((e) => e.task === t && e.examples.length > 0)));
  const points = compressedPoints(sweep).filter((p) => p.examples.length > 0);
  const [task, setTask] = useState<TaskId | ''>(tasks[0] ?? '');
  const [key, setKey] = useState(points.at(-1)?.key ?? '');
  const [onlyChanged, setOnlyChanged] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const ids = { task: useId(), point: useId(), changed: useId() };
  if (!tasks.length || !points.length) return <p className="kr-muted">No per-example records in these results.</p>;
  const activeTask = (tasks.includes(task as TaskId) ? task : tasks[0]) as TaskId;
  const point = points.find((p) => p.key === key) ?? points[0];
  const all = examplePairs(sweep, point.key, activeTask, rule);
  const pairs = onlyChanged ? all.filter((p) => p.score !== p.denseScore) : all;
  return (
    <div className="kr-examples" data-testid="example-browser">
      <div className="kr-controls">
        <span>
          <label htmlFor={ids.task}>Task </label>
          <select id={ids.task} value={activeTask} onChange={(e) => { setTask(e.target.value as TaskId); setShown(PAGE); }} data-testid="example-task">
            {tasks.map((t) => (
              <option key={t} value={t}>
                {TASK_LABELS[t]}
              </option>
            ))}
          </select>
        </span>
        <span>
          <label htmlFor={ids.point}>Compressed point </label>
          <select id={ids.point} value={point.key} onChange={(e) => { setKey(e.target.value); setShown(PAGE); }} data-testid="example-point">
            {points.map((p) => (
              <option key={p.key} value={p.key}>
                {pointLabel(p.spec, sweep.config)}
              </option>
            ))}
          </select>
        </span>
        <span>
          <input id={ids.changed} type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} />
          <label htmlFor={ids.changed}> only where the score changed</label>
        </span>
      </div>
      <p className="kr-muted" data-testid="example-count">
        {pairs.length} of {all.length} examples
      </p>
      <ol className="kr-example-list">
        {pairs.slice(0, shown).map((e) => (
          <li key={e.id} className="kr-example" data-testid="example" data-id={e.id}>
            <div className="kr-example-head">
              <span className="kr-mono">{e.id}</span>
              {e.group && <span className="kr-muted"> · {e.group}</span>}
              <span className="kr-example-scores">
                dense <strong data-col="dense-score">{formatNumber(e.denseScore)}</strong> → compressed <strong data-col="score">{formatNumber(e.score)}</strong>
              </span>
            </div>
            <div className="kr-example-body">
              <div>
                <div className="kr-label">Prompt</div>
                <pre data-col="prompt">{e.prompt}</pre>
              </div>
              <div>
                <div className="kr-label">Dense output</div>
                <pre data-col="dense-output">{e.denseOutput ?? '(no dense record for this example)'}</pre>
              </div>
              <div>
                <div className="kr-label">Compressed output ({pointLabel(point.spec, sweep.config)})</div>
                <pre data-col="output">{e.output}</pre>
              </div>
            </div>
            {e.notes.length > 0 && <p className="kr-muted">{e.notes.join('; ')}</p>}
          </li>
        ))}
      </ol>
      {pairs.length > shown && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, pairs.length - shown)} more
        </button>
      )}
    </div>
  );
}
