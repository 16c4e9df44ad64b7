import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyModel, type LayoutName } from '../../test/models/tiny-models.ts';
import { SessionLanguageModel } from './language-model.ts';
import { makePatchable } from './patchable.ts';
import { fullLogits } from './runtime-reference.ts';
import { runtimeSuite } from './runtime-suite.ts';
import { createModelSession, type ModelSession } from './session.ts';

/**
 * The runtime on onnxruntime-node through transformers.js, on the export layouts whose graphs and
 * caches differ most: Llama (separate q/k/v), Phi-3 (fused qkv), Gemma, GPT-2 (Gemm, no
 * position-free cache names). Files are served from memory: nothing touches the disk.
 */
const LAYOUTS: LayoutName[] = ['llama', 'phi3', 'gemma', 'gpt2'];

describe.each(LAYOUTS)('%s', (layout) => {
  let session: ModelSession;
  beforeAll(async () => {
    const files = buildTinyModel(layout, { seed: 40 });
    const patchable = makePatchable(files);
    session = await createModelSession(patchable, patchable.master, { files, device: 'wasm' });
  });
  afterAll(() => session?.dispose());
  runtimeSuite('runtime', () => session);
});

describe('a session on patched bytes', () => {
  it('computes with the patched copy, not the master', async () => {
    const files = buildTinyModel('llama', { seed: 41 });
    const patchable = makePatchable(files, 'onnx/model.onnx', { includeLmHead: true });
    const store = patchable.newStore();
    const head = patchable.index.lmHead!;
    const w = store.readDense(head);
    const token = 42;
    w.data.fill(0, token * w.cols, (token + 1) * w.cols);
    store.write(head, w);
    const dense = await createModelSession(patchable, patchable.master, { files, device: 'wasm' });
    const ids = new SessionLanguageModel(dense).encode('the cat sat');
    const before = await fullLogits(dense.model, ids);
    const patched = await createModelSession(patchable, store.patched, { files, device: 'wasm' });
    expect(dense.disposed).toBe(true);
    try {
      const after = await fullLogits(patched.model, ids);
      for (let p = 0; p < ids.length; p++) {
        expect(before.logits[p * before.vocab + token]).not.toBe(0);
        expect(after.logits[p * after.vocab + token]).toBe(0);
      }
    } finally {
      await patched.dispose();
    }
  });
});
