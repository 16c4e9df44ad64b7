import { useId } from 'react';
import { useSetup, type DeviceChoice, type KernelChoice } from '../../state/setup-store.ts';

/** Text the calibrating methods see, how much of it, and one-shot or sequential capture. */
export function CalibrationEditor() {
  const cal = useSetup((s) => s.calibration);
  const setCal = useSetup((s) => s.setCalibration);
  const id = useId();
  return (
    <fieldset className="ls-fieldset" data-testid="calibration-editor">
      <legend>Calibration</legend>
      <div className="ls-row" role="radiogroup" aria-label="Calibration text">
        <label className="ls-pill">
          <input type="radio" name={`${id}-src`} checked={cal.source === 'builtin'} onChange={() => setCal({ source: 'builtin' })} /> built-in text (KICK world biographies)
        </label>
        <label className="ls-pill">
          <input type="radio" name={`${id}-src`} checked={cal.source === 'c4'} onChange={() => setCal({ source: 'c4' })} data-testid="calibration-c4" /> C4 sample (as the papers calibrate; read from the task data source)
        </label>
        <label className="ls-pill">
          <input type="radio" name={`${id}-src`} checked={cal.source === 'text'} onChange={() => setCal({ source: 'text' })} data-testid="calibration-pasted" /> pasted text
        </label>
      </div>
      {cal.source === 'text' && (
        <>
          <label htmlFor={`${id}-text`}>Calibration text (kept in this tab only; a share link cannot carry it)</label>
          <textarea id={`${id}-text`} rows={4} value={cal.text} onChange={(e) => setCal({ text: e.target.value })} className="ls-text" data-testid="calibration-text" />
        </>
      )}
      <div className="ls-row">
        <span className="ls-inline">
          <label htmlFor={`${id}-n`}>samples</label>
          <input id={`${id}-n`} type="number" min={1} max={1024} className="ls-num" value={cal.samples} onChange={(e) => setCal({ samples: Math.round(Number(e.target.value)) })} />
        </span>
        <span className="ls-inline">
          <label htmlFor={`${id}-len`}>tokens each</label>
          <input id={`${id}-len`} type="number" min={8} max={8192} className="ls-num" value={cal.seqLen} onChange={(e) => setCal({ seqLen: Math.round(Number(e.target.value)) })} />
        </span>
        <span className="ls-inline">
          <label htmlFor={`${id}-mode`}>mode</label>
          <select id={`${id}-mode`} value={cal.mode} onChange={(e) => setCal({ mode: e.target.value === 'sequential' ? 'sequential' : 'one-shot' })}>
            <option value="one-shot">one-shot (all layers from the dense model)</option>
            <option value="sequential">sequential (each block after the earlier ones are compressed)</option>
          </select>
        </span>
      </div>
    </fieldset>
  );
}

const DEVICES: Array<{ value: DeviceChoice; label: string }> = [
  { value: 'auto', label: 'auto: WebGPU on a real GPU, else wasm' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'wasm', label: 'wasm (CPU)' },
];

const KERNELS: Array<{ value: KernelChoice; label: string }> = [
  { value: 'auto', label: 'auto: WebGPU kernels on a real GPU, else the CPU twins' },
  { value: 'webgpu', label: 'WebGPU kernels' },
  { value: 'cpu', label: 'CPU twins' },
];

/** A labelled select over a fixed list of choices. */
function ChoiceRow<T extends string>(props: { label: string; value: T; choices: ReadonlyArray<{ value: T; label: string }>; onChange: (value: T) => void; testId: string }) {
  const id = useId();
  return (
    <div className="ls-row">
      <label htmlFor={id}>{props.label} </label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value as T)} data-testid={props.testId}>
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function DevicePicker() {
  const device = useSetup((s) => s.device);
  const setDevice = useSetup((s) => s.setDevice);
  const kernels = useSetup((s) => s.kernels);
  const setKernels = useSetup((s) => s.setKernels);
  return (
    <fieldset className="ls-fieldset">
      <legend>Device</legend>
      <ChoiceRow label="Evaluate on" value={device} choices={DEVICES} onChange={setDevice} testId="device" />
      <ChoiceRow label="Compress with" value={kernels} choices={KERNELS} onChange={setKernels} testId="kernels" />
    </fieldset>
  );
}
