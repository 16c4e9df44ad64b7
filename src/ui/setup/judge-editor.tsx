import { useId, useState } from 'react';
import { bindJudgeKey, judgeOrigin, setJudgeKey, useJudgeKey } from '../../state/judge-key.ts';
import { stripUrlCredentials } from '../../state/secrets.ts';
import { useSetup } from '../../state/setup-store.ts';

/** Where the key goes, said next to it; and the way back when the endpoint is not the key's. */
function KeyBinding({ url }: { url: string }) {
  const held = useJudgeKey((s) => s.held);
  const setJudge = useSetup((s) => s.setJudge);
  if (!held) return <p className="ls-muted">The key is kept in this tab&apos;s memory only: never in the history, a share link or an export.</p>;
  const origin = judgeOrigin(url);
  if (held.origin !== null && held.origin === origin)
    return (
      <p className="ls-muted" data-testid="judge-key-binding">
        The key is kept in this tab&apos;s memory only and is sent to {held.origin} only.
      </p>
    );
  return (
    <p className="ls-problem" role="status" data-testid="judge-key-binding">
      {held.origin === null ? 'The key was typed before an endpoint and is sent nowhere. ' : `The key was typed for ${held.origin} and is sent there only, not to this endpoint. `}
      {origin && (
        <button type="button" onClick={() => bindJudgeKey(url)} data-testid="judge-key-rebind">
          Send my key to {origin}
        </button>
      )}{' '}
      {held.endpoint && (
        <button type="button" onClick={() => setJudge({ url: held.endpoint ?? '' })} data-testid="judge-key-mine">
          Back to {held.endpoint}
        </button>
      )}
    </p>
  );
}

/** An OpenAI-compatible endpoint that grades summaries and instruction answers; the key stays in this tab. */
export function JudgeEditor() {
  const url = useSetup((s) => s.judgeUrl);
  const model = useSetup((s) => s.judgeModel);
  const setJudge = useSetup((s) => s.setJudge);
  const held = useJudgeKey((s) => s.held);
  const [key, setKey] = useState(held?.key ?? '');
  const [removed, setRemoved] = useState<string[]>([]);
  const id = useId();
  // Credentials typed into the URL would be stored in the history and exports: they are taken out
  // when the field is left (and the config never holds them, see setup-store), and the user is told.
  const inUrl = stripUrlCredentials(url).removed;
  function leaveUrl() {
    const stripped = stripUrlCredentials(url);
    if (stripped.removed.length === 0) return;
    setJudge({ url: stripped.url });
    setRemoved(stripped.removed);
  }
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
          <input
            id={`${id}-url`}
            type="url"
            value={url}
            placeholder="https://api.openai.com/v1"
            onChange={(e) => {
              setRemoved([]);
              setJudge({ url: e.target.value });
            }}
            onBlur={leaveUrl}
            data-testid="judge-url"
          />
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
              // Bound to the endpoint it is typed for, without any credentials written into that URL.
              setJudgeKey(e.target.value, stripUrlCredentials(url).url);
            }}
            data-testid="judge-key"
          />
        </span>
      </div>
      {inUrl.length > 0 && (
        <p className="ls-problem" role="status" data-testid="judge-url-credentials">
          This endpoint carries credentials ({inUrl.join(', ')}): they are removed before the sweep is kept or exported. Give the key in the key field.
        </p>
      )}
      {removed.length > 0 && inUrl.length === 0 && (
        <p className="ls-problem" role="status" data-testid="judge-url-credentials">
          Removed from the endpoint: {removed.join(', ')}. They would have been kept in the history and exports; give the key in the key field, which is sent
          as a header and kept in this tab only.
        </p>
      )}
      <KeyBinding url={url} />
    </fieldset>
  );
}
