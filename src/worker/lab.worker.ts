import * as Comlink from 'comlink';
import { browserLabEnvironment } from './lab-env.ts';
import { labRunConfigSchema, type LabEvent, type LabRunInput, type LabRunSummary } from './lab-protocol.ts';
import { runLab } from './lab-run.ts';

/** The lab worker: one run at a time; events go back through a proxied callback. */
export interface LabWorkerApi {
  run(config: LabRunInput, onEvent: (event: LabEvent) => void | Promise<void>): Promise<LabRunSummary>;
  cancel(): void;
}

let controller: AbortController | null = null;

const api: LabWorkerApi = {
  async run(input, onEvent) {
    if (controller) throw new Error('a run is already in progress; cancel it first');
    const parsed = labRunConfigSchema.safeParse(input);
    if (!parsed.success) throw new Error(`invalid run configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    controller = new AbortController();
    // A proxied callback travels on its own message channel, so the reply to run() can overtake
    // the last events; the reply waits until every event has been delivered.
    const delivered: Array<Promise<void>> = [];
    const emit = (event: LabEvent) => {
      delivered.push(Promise.resolve(onEvent(event)).catch(() => undefined));
    };
    try {
      return await runLab(parsed.data, await browserLabEnvironment(), emit, controller.signal);
    } finally {
      await Promise.all(delivered);
      controller = null;
    }
  },
  cancel() {
    controller?.abort(new DOMException('cancelled by the user', 'AbortError'));
  },
};

Comlink.expose(api);
