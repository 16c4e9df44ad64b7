import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyModel, type LayoutName } from '../../../test/models/tiny-models.ts';
import { SessionLanguageModel } from './session-language-model.ts';
import { makePatchable } from '../weights/patchable.ts';
import { fullLogits, referenceDecode } from '../../../test/model/reference-decode.ts';
import { runtimeSuite } from '../../../test/model/language-model-suite.ts';
import { createModelSession, type ModelSession } from './model-session.ts';

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
    const w = await store.readDense(head);
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

describe('inputs longer than the context', () => {
  let session: ModelSession;
  beforeAll(async () => {
    const files = buildTinyModel('llama', { seed: 42 });
    const patchable = makePatchable(files);
    session = await createModelSession(patchable, patchable.master, { files, device: 'auto' });
  });
  afterAll(() => session?.dispose());
  const long = 'the cat sat on the mat and looked at the rain. '.repeat(6);

  it('keeps the tail of the prompt that leaves room for the new tokens', async () => {
    const lm = new SessionLanguageModel(session);
    expect(session.device).toBe('wasm');
    const ids = lm.encode(long);
    expect(ids.length).toBeGreaterThan(lm.contextLength);
    const text = await lm.generate(long, { maxNewTokens: 4, greedy: true });
    const expected = await referenceDecode(session.model, ids.slice(ids.length - (lm.contextLength - 4)), 4, [1]);
    expect(text).toBe(session.tokenizer.decode(expected, { skip_special_tokens: true }));
  });

  it('scores on the last context + 1 tokens, as the reference truncates', async () => {
    const lm = new SessionLanguageModel(session);
    const [score] = await lm.score(long, [' the end']);
    expect(lm.lastScorePlan?.sharedPrefix).toBe(0);
    const { whole, contextTokens } = lm.splitTokens(long, ' the end');
    const cut = whole.length - (lm.contextLength + 1);
    // The reference feeds whole[cut .. -1] and scores the continuation's tokens.
    const expected = await referenceScoreTruncated(session, whole.slice(cut), contextTokens - cut);
    expect(Math.abs(score - expected)).toBeLessThan(1e-4);
  });
});

async function referenceScoreTruncated(session: ModelSession, tokens: number[], firstScored: number): Promise<number> {
  // contextLength + 1 tokens: the last is only a target, so the pass sees contextLength of them.
  const { logits, vocab } = await fullLogits(session.model, tokens.slice(0, -1));
  let total = 0;
  for (let t = firstScored; t < tokens.length; t++) {
    const row = logits.subarray((t - 1) * vocab, t * vocab);
    let max = -Infinity;
    for (const v of row) max = Math.max(max, v);
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    total += row[tokens[t]] - max - Math.log(sum);
  }
  return total;
}

describe('tokenizer features', () => {
  it("uses the tokenizer's chat template when it has one, without a second BOS", async () => {
    const files = buildTinyModel('llama', { seed: 43 });
    const config = JSON.parse(new TextDecoder().decode(files.get('tokenizer_config.json')!)) as Record<string, unknown>;
    config.chat_template = '{{ bos_token }}{% for m in messages %}[{{ m.role }}] {{ m.content }}{% endfor %}{% if add_generation_prompt %} [assistant]{% endif %}';
    files.set('tokenizer_config.json', new TextEncoder().encode(JSON.stringify(config)));
    const patchable = makePatchable(files);
    const session = await createModelSession(patchable, patchable.master, { files, device: 'wasm' });
    try {
      const lm = new SessionLanguageModel(session);
      expect(lm.chatTemplate?.('hi there')).toBe('<s>[user] hi there [assistant]');
      const ids = lm.encode(lm.chatTemplate!('hi'));
      expect(ids[0]).toBe(0);
      expect(ids[1]).not.toBe(0);
      expect(await lm.countTokens('hi')).toBe(lm.encode('hi').length);
      expect(lm.encode('hi')[0]).toBe(0);
    } finally {
      await session.dispose();
    }
    // Without a template the tasks fall back to Vicuna's (src/tasks/language-model.ts).
    const plain = buildTinyModel('llama', { seed: 43 });
    const p2 = makePatchable(plain);
    const s2 = await createModelSession(p2, p2.master, { files: plain, device: 'wasm' });
    try {
      expect(new SessionLanguageModel(s2).chatTemplate).toBeUndefined();
    } finally {
      await s2.dispose();
    }
  });

  it('encodes a text once and hands out copies of what it remembers', async () => {
    const files = buildTinyModel('llama', { seed: 45 });
    const patchable = makePatchable(files);
    const session = await createModelSession(patchable, patchable.master, { files, device: 'wasm' });
    try {
      const lm = new SessionLanguageModel(session);
      const calls: string[] = [];
      const tokenizer = session.tokenizer;
      const encode = tokenizer.encode.bind(tokenizer);
      tokenizer.encode = ((text: string, opts?: object) => (calls.push(text), encode(text, opts))) as typeof tokenizer.encode;
      try {
        const first = lm.encode('the cat sat');
        first.push(999);
        expect(lm.encode('the cat sat')).toEqual(first.slice(0, -1));
        expect(await lm.countTokens('the cat sat')).toBe(first.length - 1);
        expect(calls).toEqual(['the cat sat']);
      } finally {
        tokenizer.encode = encode;
      }
    } finally {
      await session.dispose();
    }
  });

  it('splits a batch without reuse under the logits budget, with the same scores', async () => {
    const files = buildTinyModel('llama', { seed: 44 });
    const patchable = makePatchable(files);
    const session = await createModelSession(patchable, patchable.master, { files, device: 'wasm' });
    try {
      const continuations = [' a', ' bb', ' ccc', ' dddd', ' e'];
      const whole = new SessionLanguageModel(session, { prefixReuse: false });
      const width = Math.max(...continuations.map((c) => whole.splitTokens('the cat sat on the mat', c).whole.length));
      // Room for two sequences of logits per pass (vocabulary 300).
      const small = new SessionLanguageModel(session, { prefixReuse: false, maxLogits: 2 * width * 300 + 1 });
      const a = await whole.score('the cat sat on the mat', continuations);
      const b = await small.score('the cat sat on the mat', continuations);
      expect(whole.counters.forwardPasses).toBe(1);
      expect(small.counters.forwardPasses).toBe(3);
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-4);
    } finally {
      await session.dispose();
    }
  });
});
