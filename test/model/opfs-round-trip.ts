// Runs in a dedicated worker (opfs-dense-source.browser.test.ts): the OPFS dense source through
// sync access handles, as the lab worker uses it.
import { keepDenseBytes } from '../../src/model/weights/opfs-dense-source.ts';

export interface OpfsRoundTrip {
  error: string | null;
  reason: string;
  restored: boolean;
  /** Whether another removal of the run's file succeeded while the source was alive. */
  removableWhileOpen: boolean;
  /** Files of this run left in the folder after release. */
  leftAfterRelease: number;
}

async function names(dir: FileSystemDirectoryHandle): Promise<string[]> {
  const out: string[] = [];
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) out.push(name);
  return out;
}

async function roundTrip(): Promise<OpfsRoundTrip> {
  const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) & 255);
  const before = new Set(await names(await (await navigator.storage.getDirectory()).getDirectoryHandle('kick-weights', { create: true })));
  const source = await keepDenseBytes(bytes);
  const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('kick-weights');
  const mine = (await names(dir)).filter((n) => !before.has(n));
  let removableWhileOpen = false;
  for (const name of mine) {
    removableWhileOpen ||= await dir.removeEntry(name).then(
      () => true,
      () => false,
    );
  }
  const back = new Uint8Array(bytes.length);
  await source.readInto(back, 0);
  const restored = back.every((v, i) => v === bytes[i]);
  await source.release();
  const left = (await names(dir)).filter((n) => mine.includes(n)).length;
  return { error: null, reason: source.reason, restored, removableWhileOpen, leftAfterRelease: left };
}

self.onmessage = () => {
  roundTrip().then(
    (result) => self.postMessage(result),
    (error: unknown) => self.postMessage({ error: error instanceof Error ? error.message : String(error), reason: '', restored: false, removableWhileOpen: true, leftAfterRelease: -1 }),
  );
};
