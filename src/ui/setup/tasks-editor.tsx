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
      <label className="ls-task-name">
        <input type="checkbox" checked={on} onChange={(e) => setTask(task, e.target.checked ? 20 : null)} data-testid={`task-${task}`} />
        <span>
          <strong>{TASK_LABELS[task]}</strong>
          <span className="ls-note ls-task-note">{TASK_NOTES[task]}</span>
        </span>
      </label>
      {on && (
        <span className="ls-inline ls-task-count">
          <label htmlFor={id}>{task === 'perplexity' ? 'windows' : 'examples'}</label>
          <input
            id={id}
            type="number"
            min={1}
            className="ls-num"
            value={size === 'full' ? '' : size}
            placeholder="default"
            onChange={(e) => setTask(task, e.target.value === '' ? 'full' : Math.max(1, Math.round(Number(e.target.value))))}
            data-testid={`samples-${task}`}
          />
          {/* A slot on every row, so that the count boxes line up. */}
          <span className="ls-muted ls-task-extra">
            {task === 'factoid' && typeof size === 'number' && (
              <span data-testid="factoid-loop-note" title="LLM-KICK's factoid loop scores one question more than asked; the kick rule counts it, the strict rule does not">
                + 1 loop example
              </span>
            )}
          </span>
        </span>
      )}
    </li>
  );
}

/** The LLM-KICK tasks and how many examples of each, each count run as typed. */
export function TasksEditor() {
  return (
    <fieldset className="ls-fieldset" data-testid="tasks-editor">
      <legend>Tasks</legend>
      <ul className="ls-choices">
        {TASK_IDS.map((t) => (
          <TaskRow key={t} task={t} />
        ))}
      </ul>
      <p className="ls-muted">Each task runs the number of examples given (per subject for multiple choice; empty = the suite's default).</p>
    </fieldset>
  );
}
