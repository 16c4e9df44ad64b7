import * as Comlink from 'comlink';
import type { PlaygroundApi } from '../worker/playground-protocol.ts';

let client: Comlink.Remote<PlaygroundApi> | null = null;

/** The playground's worker, started on first use; kernels never run on the UI thread. */
export function playgroundWorker(): Comlink.Remote<PlaygroundApi> {
  if (!client) {
    const worker = new Worker(new URL('../worker/playground.worker.ts', import.meta.url), { type: 'module' });
    client = Comlink.wrap<PlaygroundApi>(worker);
  }
  return client;
}
