import { useId, useState } from 'react';
import { catalogEntry, hubIdProblem, MODEL_CATALOG } from '../../state/model-catalog.ts';
import { useSetup } from '../../state/setup-store.ts';

function size(mb: number): string {
  return mb >= 1000 ? `${(mb / 1000).toFixed(1)} GB` : `${mb} MB`;
}

/** The built-in model, a few small hub models, or any hub id typed in. */
export function ModelPicker() {
  const modelId = useSetup((s) => s.modelId);
  const setModel = useSetup((s) => s.setModel);
  const id = useId();
  const inCatalog = catalogEntry(modelId) !== null;
  const [typed, setTyped] = useState(inCatalog ? '' : modelId);
  const problem = !inCatalog ? hubIdProblem(typed) : null;
  return (
    <fieldset className="ls-fieldset" data-testid="model-picker">
      <legend>Model</legend>
      <ul className="ls-choices">
        {MODEL_CATALOG.map((m) => (
          <li key={m.id}>
            <label>
              <input type="radio" name={`${id}-model`} checked={modelId === m.id} onChange={() => setModel(m.id)} value={m.id} />
              <strong>{m.label}</strong> <span className="ls-muted">download ≈ {size(m.downloadMb)}, memory ≈ {size(m.memoryMb)}</span>
              <span className="ls-note">{m.note}</span>
            </label>
          </li>
        ))}
        <li>
          <label>
            <input type="radio" name={`${id}-model`} checked={!inCatalog} onChange={() => setModel(typed)} value="other" data-testid="model-other" />
            <strong>Another hub model</strong> <span className="ls-muted">(transformers.js layout: onnx/model.onnx, or model_fp16.onnx widened to fp32)</span>
          </label>
          <div className="ls-inline">
            <label htmlFor={`${id}-hub`}>Hugging Face id</label>
            <input
              id={`${id}-hub`}
              type="text"
              value={typed}
              placeholder="owner/name"
              spellCheck={false}
              aria-invalid={problem !== null}
              aria-describedby={`${id}-hub-msg`}
              onChange={(e) => {
                setTyped(e.target.value);
                setModel(e.target.value);
              }}
              data-testid="model-hub-id"
            />
          </div>
          {!inCatalog && (
            <p id={`${id}-hub-msg`} className={problem ? 'ls-problem' : 'ls-muted'} role={problem ? 'alert' : undefined} data-testid="model-hub-msg">
              {problem ?? 'Fetched from huggingface.co when the run starts; size unknown until then.'}
            </p>
          )}
        </li>
      </ul>
    </fieldset>
  );
}
