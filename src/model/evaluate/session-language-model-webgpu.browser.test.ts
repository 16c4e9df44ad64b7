import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePatchable } from '../weights/patchable.ts';
import { chooseDevice } from './execution-device.ts';
import { disposeCache, forward } from './forward.ts';
import { runtimeSuite } from '../../../test/model/language-model-suite.ts';
import { batchSuite } from '../../../test/model/batch-suite.ts';
import { tinyLlamaFiles } from '../../../test/model/tiny-model-files.ts';
import { createModelSession, type ModelSession } from './model-session.ts';
import { SessionLanguageModel } from './session-language-model.ts';

/**
 * The runtime on ORT's WebGPU EP, where transformers.js keeps the KV cache in GPU buffers: the
 * prefix cache is read back to be repeated for the batch, spent caches are released, and batched
 * generation keeps finished rows in the batch (feeding padding) rather than copying the cache.
 * SwiftShader's WebGPU is a CPU emulation here, so only the tiny model.
 */
const hasWebGpu = Boolean(await navigator.gpu?.requestAdapter());

describe.skipIf(!hasWebGpu)('tiny random llama on webgpu', () => {
  let session: ModelSession;
  beforeAll(async () => {
    const files = tinyLlamaFiles(23);
    const patchable = makePatchable(files);
    session = await createModelSession(patchable, patchable.master, { files, device: 'webgpu' });
  });
  afterAll(() => session?.dispose());

  it('records the device it was created on; auto follows the adapter kind', async () => {
    expect(session.device).toBe('webgpu');
    expect(session.deviceReason).toBe('chosen by the user');
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    const fallback = Boolean((adapter as unknown as { info?: { isFallbackAdapter?: boolean } }).info?.isFallbackAdapter);
    expect((await chooseDevice('auto')).device).toBe(fallback ? 'wasm' : 'webgpu');
  });

  it('keeps the cache in GPU buffers', async () => {
    const out = await forward(session.model, { ids: [[0, 5, 6, 7]] });
    const present = Object.values(out.present);
    expect(present.length).toBe(4);
    for (const t of present) expect(t.location).toBe('gpu-buffer');
    disposeCache(out.present);
  });

  it('shares no prompt starts: they would go through the host', () => {
    expect(new SessionLanguageModel(session, { batchSize: 4 }).prefixes).toBeNull();
    expect(() => new SessionLanguageModel(session, { batchSize: 4, prefixSharing: true })).toThrow(/host memory \(wasm\)/);
  });

  runtimeSuite('runtime', () => session);
  batchSuite('batched', () => session);
});

if (!hasWebGpu) it.skip('no WebGPU adapter in this browser: the WebGPU runtime checks are skipped', () => {});
