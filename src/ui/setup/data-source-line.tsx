import { useId } from 'react';
import { BUILTIN_MODEL_ID } from '../../state/model-catalog.ts';
import { useSetup } from '../../state/setup-store.ts';
import { effectiveTaskData, TASK_DATA, type TaskData } from '../../state/sweep.ts';

const LABELS: Record<TaskData, string> = {
  kickworld: 'KICK-world, built in (made for kick-tiny)',
  builtin: "LLM-KICK's data sets, built into the app",
  hub: "LLM-KICK's data sets from the Hugging Face hub",
};

const NOTES: Record<TaskData, string> = {
  kickworld: 'Works offline: the fictional world kick-tiny was trained on.',
  builtin:
    "Works offline: FreebaseQA, MMLU, TriviaQA (closed book), CNN stories, Vicuna-bench, WikiText-2 and the C4 sample, served by this app; each result records every file's SHA-256. TriviaQA's open-book evidence is only on the hub.",
  hub: "Needs the network: the Hugging Face datasets API, the only source of TriviaQA's open-book evidence.",
};

/** Which data the tasks (and C4 calibration) read, said on the first screen and changed here. */
export function DataSourceLine() {
  const modelId = useSetup((s) => s.modelId);
  const chosen = useSetup((s) => s.taskData);
  const setTaskData = useSetup((s) => s.setTaskData);
  const id = useId();
  const inUse = effectiveTaskData(modelId, chosen);
  const choices = TASK_DATA.filter((d) => d !== 'kickworld' || modelId === BUILTIN_MODEL_ID);
  return (
    <p className="ls-row" data-testid="data-source" data-source={inUse}>
      <label htmlFor={id}>Task data</label>{' '}
      <select id={id} value={inUse} onChange={(e) => setTaskData(e.target.value as TaskData)} data-testid="data-source-select">
        {choices.map((d) => (
          <option key={d} value={d}>
            {LABELS[d]}
          </option>
        ))}
      </select>{' '}
      <span className="ls-muted" data-testid="data-source-note">
        {NOTES[inUse]}
      </span>
    </p>
  );
}
