import { useId } from 'react';
import { TASK_LABELS } from '../../state/derive.ts';
import { useSetup } from '../../state/setup-store.ts';
import { TASK_IDS } from '../../state/sweep.ts';
import type { TaskId } from '../../tasks/result.ts';

const TASK_NOTES: Record<TaskId, string> = {
  factoid: 'closed-book questions: what the weights remember',
  mcr: 'multiple-choice reasoning (MMLU style)',
  icr_closed: 'retrieval without the passage',
  icr_open: 'retrieval with the passage in the prompt (open book)',
  summarization: 'summaries: key facts on KICK-world, a judge model on real stories',
  instruction: 'instructions: format checks on KICK-world, a judge model on Vicuna-bench',
  perplexity: 'how surprised the model is by held-out text',
};

function TaskRow({ task }: { task: TaskId }) {
  const size = useSetup((s) => s.tasks[task]);
  const setTask = useSetup((s) => s.setTask);
  const id = useId();
  const on = size !== undefined;
  return (
    <li className="ls-task">
      <label>
        <input type="checkbox" checked={on} onChange={(e) => setTask(task, e.target.checked ? 20 : null)} data-testid={`task-${task}`} />
        <strong>{TASK_LABELS[task]}</strong> <span className="ls-muted">{TASK_NOTES[task]}</span>
      </label>
      {on && (
        <span className="ls-inline">
          <label htmlFor={id}>samples</label>
          <input
            id={id}
            type="number"
            min={1}
            className="ls-num"
            value={size === 'full' ? '' : size}
            placeholder="all"
            onChange={(e) => setTask(task, e.target.value === '' ? 'full' : Math.max(1, Math.round(Number(e.target.value))))}
            data-testid={`samples-${task}`}
          />
        </span>
      )}
    </li>
  );
}

/** The LLM-KICK tasks and how many examples of each; the worker uses the largest count for all. */
export function TasksEditor() {
  return (
    <fieldset className="ls-fieldset" data-testid="tasks-editor">
      <legend>Tasks</legend>
      <ul className="ls-choices">
        {TASK_IDS.map((t) => (
          <TaskRow key={t} task={t} />
        ))}
      </ul>
      <p className="ls-muted">One sample count applies to every task in a run: the largest one given (empty = the suite's laptop defaults).</p>
    </fieldset>
  );
}
