import { useId, useState } from 'react';
import { judgeKey, setJudgeKey } from '../../state/judge-key.ts';
import { useSetup } from '../../state/setup-store.ts';

/** An OpenAI-compatible endpoint that grades summaries and instruction answers; the key stays in this tab. */
export function JudgeEditor() {
  const url = useSetup((s) => s.judgeUrl);
  const model = useSetup((s) => s.judgeModel);
  const setJudge = useSetup((s) => s.setJudge);
  const [key, setKey] = useState(judgeKey() ?? '');
  const id = useId();
  return (
    <fieldset className="ls-fieldset" data-testid="judge-editor">
      <legend>Judge (optional)</legend>
      <p className="ls-muted">
        Summarization and instruction following on real data are graded pairwise by a judge model, as in LLM-KICK. KICK-world's own tasks are scored by
        built-in checks (key facts named, the asked format and answer); a judge's grades, when set, are kept beside them.
      </p>
      <div className="ls-row">
        <span className="ls-inline">
          <label htmlFor={`${id}-url`}>endpoint</label>
          <input id={`${id}-url`} type="url" value={url} placeholder="https://api.openai.com/v1" onChange={(e) => setJudge({ url: e.target.value })} data-testid="judge-url" />
        </span>
        <span className="ls-inline">
          <label htmlFor={`${id}-model`}>model</label>
          <input id={`${id}-model`} type="text" value={model} placeholder="gpt-4o" onChange={(e) => setJudge({ model: e.target.value })} data-testid="judge-model" />
        </span>
        <span className="ls-inline">
          <label htmlFor={`${id}-key`}>key</label>
          <input
            id={`${id}-key`}
            type="password"
            autoComplete="off"
            value={key}
            onChange={(e) => {
              setKey(e.target.value);
              setJudgeKey(e.target.value);
            }}
            data-testid="judge-key"
          />
        </span>
      </div>
      <p className="ls-muted">The key is kept in this tab's memory only: never in the history, a share link or an export.</p>
    </fieldset>
  );
}
