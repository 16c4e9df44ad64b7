import { useId, useState } from 'react';
import { compressedPoints, formatNumber, pointLabel, scoreTasks, TASK_LABELS, type Rule } from '../../state/derive.ts';
import { changeOf, filterReviews, reviewExamples, type ExampleFilter, type ExampleReview, type RuleVerdict, type SideReview } from '../../state/example-review.ts';
import type { Sweep } from '../../state/sweep.ts';
import type { TaskId } from '../../tasks/result.ts';
import './teach.css';

const PAGE = 25;
/** Longer prompts (open-book evidence, earlier shots) fold away behind their question. */
const LONG_PROMPT = 400;

const FILTERS: Array<{ id: ExampleFilter; label: string }> = [
  { id: 'all', label: 'all' },
  { id: 'changed', label: 'changed only' },
  { id: 'lost', label: 'right \u2192 wrong' },
  { id: 'gained', label: 'wrong \u2192 right' },
];

const RULES: Rule[] = ['kick', 'strict'];

function scoreClass(v: number | null): string | undefined {
  if (v === null) return undefined;
  return v > 0 ? 'kt-score--right' : 'kt-score--wrong';
}

function shownScore(v: number | null): string {
  if (v === null) return '\u2014';
  if (v === 1) return '\u2713 1';
  if (v === 0) return '\u2717 0';
  return formatNumber(v);
}

function Verdicts({ side, rule, which }: { side: SideReview; rule: Rule; which: string }) {
  return (
    <ul className="kt-side-verdicts" aria-label={`Why the ${which} output scored as it did`}>
      {RULES.map((r) => {
        const v: RuleVerdict = side[r];
        return (
          <li key={r} data-rule={r} data-rule-active={r === rule} data-testid={`${which}-verdict-${r}`}>
            {r}: <span className={scoreClass(v.score)}>{shownScore(v.score)}</span> <span data-col="reason">{v.reason}</span>
          </li>
        );
      })}
    </ul>
  );
}

function Expected({ review, rule }: { review: ExampleReview; rule: Rule }) {
  if (review.options) {
    const right = review.targets?.[0];
    return (
      <div className="kt-expected" data-testid="example-expected">
        <div className="kr-label">Options</div>
        <ol className="kt-options">
          {review.options.map((o) => {
            const marks = [o.letter === right ? 'right answer' : null, review.dense?.[rule].chosen === o.letter ? 'dense chose' : null, review.compressed[rule].chosen === o.letter ? 'compressed chose' : null].filter(Boolean);
            return (
              <li key={o.letter} className={`kt-option${o.letter === right ? ' kt-option--right' : ''}`} data-letter={o.letter}>
                <strong>{o.letter}.</strong> {o.text}
                {marks.length > 0 && <span className="kt-option-marks">{marks.join(' \u00b7 ')}</span>}
              </li>
            );
          })}
        </ol>
      </div>
    );
  }
  return (
    <div className="kt-expected" data-testid="example-expected">
      <span className="kr-label">{review.targets && review.targets.length > 1 ? 'Expected answers (any one counts) ' : 'Expected answer '}</span>
      {review.targets && review.targets.length > 0 ? (
        <ul aria-label="Expected answers">
          {review.targets.map((t, i) => (
            <li key={i} className="kt-chip" data-col="target">
              {t}
            </li>
          ))}
        </ul>
      ) : (
        <span className="kr-muted">not kept in this record</span>
      )}
    </div>
  );
}

function ExampleItem({ review, rule, point }: { review: ExampleReview; rule: Rule; point: string }) {
  const change = changeOf(review, rule);
  return (
    <li className={`kr-example kt-change--${change}`} data-testid="example" data-id={review.id} data-change={change}>
      <div className="kr-example-head">
        <span className="kr-mono">{review.id}</span>
        {review.group && <span className="kr-muted"> · {review.group}</span>}
        <span className="kr-example-scores">
          {rule}: dense <strong data-col="dense-score">{formatNumber(review.dense?.[rule].score ?? null)}</strong> → compressed <strong data-col="score">{formatNumber(review.compressed[rule].score)}</strong>
        </span>
      </div>
      {review.extraLoop && (
        <p className="kt-loop" data-testid="example-loop">
          {review.extraLoop}
        </p>
      )}
      <Expected review={review} rule={rule} />
      <div className="kr-example-body kt-example-body">
        <div className="kt-prompt">
          {review.question !== null && review.prompt.length > LONG_PROMPT ? (
            <>
              <div className="kr-label">Question</div>
              <p className="kt-question" data-col="question">
                {review.question}
              </p>
              <details>
                <summary>Whole prompt ({review.prompt.length.toLocaleString('en')} characters)</summary>
                <pre data-col="prompt">{review.prompt}</pre>
              </details>
            </>
          ) : (
            <>
              <div className="kr-label">Prompt</div>
              <pre data-col="prompt">{review.prompt}</pre>
            </>
          )}
        </div>
        <div>
          <div className="kr-label">Dense output</div>
          {review.dense ? (
            <>
              <pre data-col="dense-output">{review.dense.output}</pre>
              <Verdicts side={review.dense} rule={rule} which="dense" />
            </>
          ) : (
            <pre data-col="dense-output">(no dense record for this example)</pre>
          )}
        </div>
        <div>
          <div className="kr-label">Compressed output ({point})</div>
          <pre data-col="output">{review.compressed.output}</pre>
          <Verdicts side={review.compressed} rule={rule} which="compressed" />
        </div>
      </div>
      {review.notes.length > 0 && <p className="kr-muted">{review.notes.join('; ')}</p>}
    </li>
  );
}

/** Each prompt with what a right answer is, the dense and the compressed answer, and why each scored as it did. */
export function ExampleBrowser({ sweep, rule }: { sweep: Sweep; rule: Rule }) {
  const tasks = scoreTasks(sweep).filter((t) => sweep.points.some((p) => p.examples.some((e) => e.task === t && e.examples.length > 0)));
  const points = compressedPoints(sweep).filter((p) => p.examples.length > 0);
  const [task, setTask] = useState<TaskId | ''>(tasks[0] ?? '');
  const [key, setKey] = useState(points.at(-1)?.key ?? '');
  const [filter, setFilter] = useState<ExampleFilter>('all');
  const [shown, setShown] = useState(PAGE);
  const ids = { task: useId(), point: useId(), filter: useId() };
  if (!tasks.length || !points.length) return <p className="kr-muted">No per-example records in these results.</p>;
  const activeTask = (tasks.includes(task as TaskId) ? task : tasks[0]) as TaskId;
  const point = points.find((p) => p.key === key) ?? points[0];
  const label = pointLabel(point.spec, sweep.config);
  const all = reviewExamples(sweep, point.key, activeTask);
  const reviews = filterReviews(all, filter, rule);
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
        <fieldset className="kt-filters" data-testid="example-filters">
          <legend>Show</legend>
          {FILTERS.map((f) => (
            <label key={f.id}>
              <input type="radio" name={ids.filter} checked={filter === f.id} onChange={() => { setFilter(f.id); setShown(PAGE); }} data-testid={`example-filter-${f.id}`} />
              {f.label} ({filterReviews(all, f.id, rule).length})
            </label>
          ))}
        </fieldset>
      </div>
      <p className="kr-muted" data-testid="example-count">
        {reviews.length} of {all.length} examples
      </p>
      <ol className="kr-example-list">
        {reviews.slice(0, shown).map((r) => (
          <ExampleItem key={r.id} review={r} rule={rule} point={label} />
        ))}
      </ol>
      {reviews.length > shown && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, reviews.length - shown)} more
        </button>
      )}
    </div>
  );
}
