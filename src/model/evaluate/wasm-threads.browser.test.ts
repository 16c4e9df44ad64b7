import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullLogits, referenceDecode } from '../../../test/model/reference-decode.ts';
import { tinyLlamaFiles } from '../../../test/model/tiny-model-files.ts';
import { makePatchable } from '../weights/patchable.ts';
import { createModelSession, type ModelSession } from './model-session.ts';
import type { WasmEnv } from './ort-assets.ts';
import { SessionLanguageModel } from './session-language-model.ts';

/**
 * ORT's wasm EP on two threads in a cross-origin isolated page (this file's own page: ORT fixes
 * its thread count when it first initialises), whatever the thread rule gives this machine.
 */
const wasm = (env.backends.onnx as { wasm: WasmEnv }).wasm;

describe('the wasm EP on two threads', () => {
  let session: ModelSession;
  beforeAll(async () => {
    wasm.numThreads = 2;
    const files = tinyLlamaFiles(23);
    const patchable = makePatchable(files);
    session = await createModelSession(patchable, patchable.master, { files, device: 'wasm' });
  });
  afterAll(() => session?.dispose());

  it('starts its thread pool: the page is isolated and ORT kept two threads', () => {
    expect(globalThis.crossOriginIsolated).toBe(true);
    expect(session.wasmThreads?.threads).toBe(2);
    // Without SharedArrayBuffer ORT would have set this back to 1 at its start.
    expect(wasm.numThreads).toBe(2);
  });

  it('generates and scores what full passes give', async () => {
    const lm = new SessionLanguageModel(session, { batchSize: 4 });
    const prompts = ['the cat sat on the mat and', 'she sells sea shells', 'a b c d e f g'];
    const texts = await lm.generateBatch(prompts.map((prompt) => ({ prompt, opts: { maxNewTokens: 5, greedy: true } })));
    const eos = [session.config.eos_token_id, session.tokenizer.eos_token_id].flat().filter((x): x is number => typeof x === 'number');
    for (const [i, prompt] of prompts.entries()) {
      const expected = await referenceDecode(session.model, lm.encode(prompt), 5, eos);
      expect(texts[i]).toBe(session.tokenizer.decode(expected, { skip_special_tokens: true }));
    }
    const ids = lm.encode('the cat sat on the mat');
    const full = await fullLogits(session.model, ids);
    const [ll] = await lm.score('the cat sat on the', [' mat']);
    const { whole, contextTokens } = lm.splitTokens('the cat sat on the', ' mat');
    let expected = 0;
    for (let t = contextTokens; t < whole.length; t++) {
      const row = full.logits.subarray((t - 1) * full.vocab, t * full.vocab);
      const max = Math.max(...row);
      expected += row[whole[t]] - max - Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    }
    expect(whole).toEqual(ids);
    expect(Math.abs(ll - expected)).toBeLessThan(1e-4);
  });
});
