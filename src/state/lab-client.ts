// The lab worker, one per run: started for the run and ended after it, so that a run's memory
// (model copies, sessions) is returned to the browser when it stops.
import * as Comlink from 'comlink';
import type { LabWorkerApi } from '../worker/lab.worker.ts';
import type { LabEvent, LabRunInput, LabRunSummary } from '../worker/lab-protocol.ts';

/** How long a cancelled run may take to stop on its own before its worker is ended. */
const CANCEL_GRACE_MS = 5000;

export class LabRunAborted extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'AbortError';
  }
}

/**
 * Runs `input` in a fresh lab worker; `signal` cancels (the worker stops between steps, keeping
 * finished points; if it does not stop in time it is ended and the promise rejects).
 */
export async function runInLabWorker(input: LabRunInput, onEvent: (event: LabEvent) => void, signal: AbortSignal): Promise<LabRunSummary> {
  const worker = new Worker(new URL('../worker/lab.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<LabWorkerApi>(worker);
  let forceStop: (() => void) | null = null;
  const forced = new Promise<never>((_, reject) => {
    forceStop = () => reject(new LabRunAborted());
  });
  const onAbort = () => {
    void api.cancel();
    setTimeout(() => forceStop?.(), CANCEL_GRACE_MS);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal.aborted) throw new LabRunAborted();
    return await Promise.race([api.run(input, Comlink.proxy(onEvent)), forced]);
  } finally {
    forceStop = null;
    signal.removeEventListener('abort', onAbort);
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}
