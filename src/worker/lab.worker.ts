import * as Comlink from 'comlink';
import { browserLabEnvironment } from './lab-env.ts';
import { labRunConfigSchema, type LabEvent, type LabRunInput, type LabRunSummary } from './lab-protocol.ts';
import { runLab } from './lab-run.ts';

/** The lab worker: one run at a time; events go back through a proxied callback. */
export interface LabWorkerApi {
  run(config: LabRunInput, onEvent: (event: LabEvent) => void): Promise<LabRunSummary>;
  cancel(): void;
}

let controller: AbortController | null = null;

const api: LabWorkerApi = {
  async run(input, onEvent) {
    if (controller) throw new Error('a run is already in progress; cancel it first');
    const parsed = labRunConfigSchema.safeParse(input);
    if (!parsed.success) throw new Error(`invalid run configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    controller = new AbortController();
    try {
      return await runLab(parsed.data, await browserLabEnvironment(), onEvent, controller.signal);
    } finally {
      controller = null;
    }
  },
  cancel() {
    controller?.abort(new DOMException('cancelled by the user', 'AbortError'));
  },
};

Comlink.expose(api);
