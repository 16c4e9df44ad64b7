import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePatchable } from '../weights/patchable.ts';
import { resolveModel } from '../load/resolve.ts';
import { env } from '@huggingface/transformers';
import { configureWasmEnv, MAX_WASM_THREADS, ortWasmFiles, type WasmEnv } from './ort-assets.ts';
import { runtimeSuite } from '../../../test/model/language-model-suite.ts';
import { batchSuite, kickworldBatchTexts } from '../../../test/model/batch-suite.ts';
import { tinyLlamaFiles } from '../../../test/model/tiny-model-files.ts';
import { SessionLanguageModel } from './session-language-model.ts';
import { createModelSession, type ModelSession } from './model-session.ts';

/**
 * The runtime on ONNX Runtime's wasm EP in Chromium, its wasm files served by the app (no CDN):
 * a random tiny Llama built here, and kick-tiny from public/models when it is there; each one at
 * a time and batched.
 */

async function kickTinyPresent(): Promise<boolean> {
  const r = await fetch('/models/kick-tiny/onnx/model.onnx', { method: 'HEAD' }).catch(() => null);
  return Boolean(r?.ok && !(r.headers.get('content-type') ?? '').includes('text/html'));
}
const hasKickTiny = await kickTinyPresent();

describe('tiny random llama on wasm', () => {
  let session: ModelSession;
  beforeAll(async () => {
    const files = tinyLlamaFiles(21);
    const patchable = makePatchable(files);
    session = await createModelSession(patchable, patchable.master, { files, device: 'wasm' });
  });
  afterAll(() => session?.dispose());
  runtimeSuite('runtime', () => session);
  batchSuite('batched', () => session);

  it('runs on the wasm EP with ORT files served by the app, not a CDN', async () => {
    expect(session.device).toBe('wasm');
    const fetched = performance.getEntriesByType('resource').map((e) => e.name);
    const { wasm } = await ortWasmFiles();
    expect(fetched).toContain(wasm);
    expect(new URL(wasm).origin).toBe(location.origin);
    expect(fetched.filter((u) => /jsdelivr|unpkg|cdn/.test(u))).toEqual([]);
  });

  it('runs on the threads the rule gives where the page is cross-origin isolated, as vite.config.ts serves it', async () => {
    expect(globalThis.crossOriginIsolated).toBe(true);
    const expected = Math.min(Math.ceil(navigator.hardwareConcurrency / 2), MAX_WASM_THREADS);
    expect(session.wasmThreads?.threads).toBe(expected);
    // ORT falls back to one thread where it cannot start its workers, and writes that back here.
    expect((env.backends.onnx as { wasm: WasmEnv }).wasm.numThreads).toBe(expected);
    // A fresh env gets the same, pointed at the served files; a count set before is kept.
    const fresh: WasmEnv = {};
    expect((await configureWasmEnv(fresh)).threads).toBe(expected);
    expect(fresh.wasmPaths).toEqual(await ortWasmFiles());
    const set: WasmEnv = { numThreads: 3 };
    expect((await configureWasmEnv(set)).threads).toBe(3);
    expect(set.numThreads).toBe(3);
  });

  it('disposes the previous session when the next is created', async () => {
    const files = tinyLlamaFiles(22);
    const patchable = makePatchable(files);
    const first = session;
    session = await createModelSession(patchable, patchable.master, { files, device: 'wasm' });
    expect(first.disposed).toBe(true);
    await expect(new SessionLanguageModel(first).countTokens('x')).resolves.toBeGreaterThan(0);
    await expect(new SessionLanguageModel(first).generate('x', { maxNewTokens: 1 })).rejects.toThrow(/disposed/);
  });
});

const kickworld = hasKickTiny ? await fetch('/kickworld/suite.json').then((r) => r.json()) : null;

describe.skipIf(!hasKickTiny)('kick-tiny on wasm', () => {
  let session: ModelSession;
  beforeAll(async () => {
    const resolved = await resolveModel({ kind: 'url', baseUrl: '/models/kick-tiny/' }, { cache: null });
    const patchable = makePatchable(resolved.files, resolved.onnxFile);
    session = await createModelSession(patchable, patchable.master, { files: resolved.files, device: 'wasm', onnxFile: resolved.onnxFile });
  });
  afterAll(() => session?.dispose());
  runtimeSuite('runtime', () => session);
  if (kickworld) batchSuite('batched', () => session, kickworldBatchTexts(kickworld));
});

if (!hasKickTiny) {
  it.skip('kick-tiny: public/models/kick-tiny/onnx/model.onnx is absent, its checks are skipped', () => {});
}
