import { useId, useState } from 'react';
import { PRUNE_METHODS, QUANT_METHODS, useSetup, type ParamValue } from '../../state/setup-store.ts';
import type { MethodInfo } from '../../worker/playground-protocol.ts';
import { FIXED_PARAMS, PARAM_HELP, useMethodInfo } from './method-info.ts';

function ParamInput({ method, name, fallback }: { method: string; name: string; fallback: ParamValue | undefined }) {
  const value = useSetup((s) => s.params[method]?.[name]);
  const setParam = useSetup((s) => s.setParam);
  const id = useId();
  const shown = value ?? fallback ?? null;
  if (typeof shown === 'boolean') {
    return (
      <label className="ls-param">
        <input type="checkbox" checked={shown} onChange={(e) => setParam(method, name, e.target.checked)} /> {name}
        <span className="ls-muted"> ({PARAM_HELP[name]})</span>
      </label>
    );
  }
  return (
    <span className="ls-param">
      <label htmlFor={id}>{name}</label>{' '}
      <input id={id} type="number" value={shown === null ? '' : String(shown)} onChange={(e) => setParam(method, name, e.target.value === '' ? null : Number(e.target.value))} step="any" className="ls-num" />
      <span className="ls-muted"> ({PARAM_HELP[name]})</span>
    </span>
  );
}

function MethodRow({ id, info }: { id: string; info: MethodInfo | undefined }) {
  const on = useSetup((s) => s.methods.includes(id));
  const toggle = useSetup((s) => s.toggleMethod);
  const owl = useSetup((s) => s.params[id]?.schedule === 'owl');
  const setParam = useSetup((s) => s.setParam);
  const fixed = info ? FIXED_PARAMS.filter((p) => info.params.includes(p)) : [];
  const prune = (PRUNE_METHODS as readonly string[]).includes(id);
  return (
    <li className="ls-method">
      <label>
        <input type="checkbox" checked={on} onChange={(e) => toggle(id, e.target.checked)} data-testid={`method-${id}`} />
        <strong>{info?.label ?? id}</strong>
        {info && info.needs.length > 0 && <span className="ls-tag">calibration: {info.needs.join(', ')}</span>}
      </label>
      <span className="ls-note">{info?.summary ?? '…'}</span>
      {on && (fixed.length > 0 || prune) && (
        <div className="ls-params">
          {fixed.map((p) => (
            <ParamInput key={p} method={id} name={p} fallback={info?.defaults[p] as ParamValue | undefined} />
          ))}
          {prune && (
            <label className="ls-param">
              <input type="checkbox" checked={owl} onChange={(e) => setParam(id, 'schedule', e.target.checked ? 'owl' : null)} /> OWL schedule
              <span className="ls-muted"> (per-layer sparsity from outlier ratios)</span>
            </label>
          )}
        </div>
      )}
    </li>
  );
}

function ComboAdder() {
  const methods = useSetup((s) => s.methods);
  const toggle = useSetup((s) => s.toggleMethod);
  const [prune, setPrune] = useState<string>('wanda');
  const [quant, setQuant] = useState<string>('rtn');
  const id = useId();
  const combos = methods.filter((m) => m.includes('+'));
  return (
    <div className="ls-combo">
      <span id={`${id}-c`}>Combination (prune, then quantize the kept weights):</span>{' '}
      <select aria-label="pruning method of the combination" value={prune} onChange={(e) => setPrune(e.target.value)}>
        {PRUNE_METHODS.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </select>
      {' + '}
      <select aria-label="quantizer of the combination" value={quant} onChange={(e) => setQuant(e.target.value)}>
        {QUANT_METHODS.filter((m) => m !== 'int8').map((m) => (
          <option key={m}>{m}</option>
        ))}
      </select>{' '}
      <button type="button" onClick={() => toggle(`${prune}+${quant}`, true)} data-testid="combo-add">
        Add
      </button>
      {combos.length > 0 && (
        <ul className="ls-chips" aria-labelledby={`${id}-c`}>
          {combos.map((c) => (
            <li key={c}>
              {c}{' '}
              <button type="button" onClick={() => toggle(c, false)} aria-label={`remove ${c}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Each method with a one-line explanation and the parameters it keeps fixed over the sweep. */
export function MethodPicker() {
  const { methods, error } = useMethodInfo();
  const byId = new Map((methods ?? []).map((m) => [m.id, m]));
  return (
    <fieldset className="ls-fieldset" data-testid="method-picker">
      <legend>Methods</legend>
      {error && <p className="ls-problem">Method details could not be loaded: {error}</p>}
      <div className="ls-columns">
        <div>
          <h4>Pruning</h4>
          <ul className="ls-choices">
            {PRUNE_METHODS.map((id) => (
              <MethodRow key={id} id={id} info={byId.get(id)} />
            ))}
          </ul>
        </div>
        <div>
          <h4>Quantization</h4>
          <ul className="ls-choices">
            {QUANT_METHODS.map((id) => (
              <MethodRow key={id} id={id} info={byId.get(id)} />
            ))}
          </ul>
        </div>
      </div>
      <ComboAdder />
    </fieldset>
  );
}
