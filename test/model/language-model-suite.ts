// The runtime's checks, shared by the browser test (wasm EP in Chromium) and the Node test
// (onnxruntime-node): every figure of SessionLanguageModel against reference-decode.ts.
import { perplexityOf } from '../../src/stats/bootstrap.ts';
import { describe, expect, it } from 'vitest';
import { SessionLanguageModel } from '../../src/model/evaluate/session-language-model.ts';
import { referenceDecode, referencePerplexity, referenceScore } from './reference-decode.ts';
import type { ModelSession } from '../../src/model/evaluate/model-session.ts';

export interface SuiteTexts {
  prompt: string;
  context: string;
  continuations: string[];
  corpus: string;
  window: number;
  steps: number;
}

export const DEFAULT_TEXTS: SuiteTexts = {
  prompt: 'the cat sat on the',
  context: 'Question: where did the cat sit? Answer:',
  // Shared first tokens beyond the context, one-token and multi-token continuations.
  continuations: [' the mat', ' the', ' a hat on the wall', ' in'],
  corpus: 'the quick brown fox jumps over the lazy dog. the rain in spain stays mainly in the plain. ' +
    'she sells sea shells on the sea shore, and the shells she sells are sea shells for sure.',
  window: 16,
  steps: 8,
};

/** Log-likelihoods are sums of ~10 terms of float32 log-softmax values near -5: 1e-4 absolute. */
const SCORE_TOL = 1e-4;

export function runtimeSuite(name: string, session: () => ModelSession, texts: SuiteTexts = DEFAULT_TEXTS): void {
  describe(name, () => {
    const lm = () => new SessionLanguageModel(session());
    const eos = () => {
      const s = session();
      const c = s.config.eos_token_id;
      return [...(Array.isArray(c) ? c : [c]), s.tokenizer.eos_token_id].filter((x): x is number => typeof x === 'number');
    };

    it('generates greedily what argmax over full forward passes gives', async () => {
      const model = lm();
      const text = await model.generate(texts.prompt, { maxNewTokens: texts.steps, greedy: true });
      const expected = await referenceDecode(session().model, model.encode(texts.prompt), texts.steps, eos());
      expect(expected.length).toBeGreaterThan(0);
      expect(text).toBe(session().tokenizer.decode(expected, { skip_special_tokens: true }));
      // One pass for the prompt, then one per new token but the last (which is never fed back).
      expect(model.counters.forwardPasses).toBe(expected.length < texts.steps ? expected.length + 1 : texts.steps);
    });

    it('reproduces seeded sampling, and the cached path samples what full passes sample', async () => {
      const model = lm();
      const opts = { maxNewTokens: texts.steps, greedy: false, temperature: 1, seed: 1234 };
      const a = await model.generate(texts.prompt, opts);
      const b = await model.generate(texts.prompt, opts);
      expect(b).toBe(a);
      const expected = await referenceDecode(session().model, model.encode(texts.prompt), texts.steps, eos(), { temperature: 1, seed: 1234 });
      expect(a).toBe(session().tokenizer.decode(expected, { skip_special_tokens: true }));
      const seeds = await Promise.all([1, 2, 3].map((seed) => lm().generate(texts.prompt, { ...opts, seed })));
      expect(new Set([a, ...seeds]).size).toBeGreaterThan(1);
    });

    it('answers an empty text when the first token ends the sequence', async () => {
      const s = session();
      const model = lm();
      const [first] = await referenceDecode(s.model, model.encode(texts.prompt), 1, []);
      const saved = s.config.eos_token_id;
      s.config.eos_token_id = first;
      try {
        expect(await model.generate(texts.prompt, { maxNewTokens: texts.steps, greedy: true })).toBe('');
        expect(model.counters.forwardPasses).toBe(1);
      } finally {
        s.config.eos_token_id = saved;
      }
    });

    it('cuts the generation at the first stop string', async () => {
      const model = lm();
      const full = await model.generate(texts.prompt, { maxNewTokens: texts.steps, greedy: true });
      const stop = full.slice(Math.floor(full.length / 2), Math.floor(full.length / 2) + 1);
      if (!stop) return;
      const cut = await model.generate(texts.prompt, { maxNewTokens: texts.steps, greedy: true, stop: [stop] });
      expect(cut).toBe(full.slice(0, full.indexOf(stop)));
    });

    it('scores continuations as the sum of log-softmax picks of a full pass, with and without prefix reuse', async () => {
      const reuse = new SessionLanguageModel(session(), { prefixReuse: true });
      const plain = new SessionLanguageModel(session(), { prefixReuse: false });
      const withReuse = await reuse.score(texts.context, texts.continuations);
      const plan = reuse.lastScorePlan!;
      expect(plan.sharedPrefix).toBeGreaterThanOrEqual(plan.contextTokens - 1);
      expect(reuse.counters.forwardPasses).toBe(2);
      const without = await plain.score(texts.context, texts.continuations);
      expect(plain.counters.forwardPasses).toBe(1);
      for (let i = 0; i < texts.continuations.length; i++) {
        const { whole, contextTokens } = reuse.splitTokens(texts.context, texts.continuations[i]);
        const expected = await referenceScore(session().model, whole, contextTokens);
        expect(withReuse[i]).toBeLessThan(0);
        expect(Math.abs(withReuse[i] - expected)).toBeLessThan(SCORE_TOL);
        expect(Math.abs(without[i] - expected)).toBeLessThan(SCORE_TOL);
      }
    });

    it('splits context and continuation as lm-evaluation-harness does', async () => {
      const model = lm();
      // A trailing space of the context moves to the continuation.
      const a = model.splitTokens('the cat ', 'sat');
      const b = model.splitTokens('the cat', ' sat');
      expect(a).toEqual(b);
      expect(a.whole).toEqual(model.encode('the cat sat'));
      expect(a.contextTokens).toBe(model.encode('the cat').length);
      const [spaced] = await model.score('the cat ', ['sat']);
      const [plain] = await model.score('the cat', [' sat']);
      expect(Math.abs(spaced - plain)).toBeLessThan(SCORE_TOL);
    });

    it('computes perplexity over full non-overlapping windows as by hand', async () => {
      const model = lm();
      const ids = model.encode(texts.corpus);
      expect(ids.length).toBeGreaterThan(2 * texts.window);
      const windows = await model.perplexityWindows(texts.corpus, texts.window);
      expect(windows.every((w) => w.tokens === texts.window - 1)).toBe(true);
      const ppl = perplexityOf(windows);
      const expected = await referencePerplexity(session().model, ids, texts.window);
      // exp of a mean NLL of ~5 with float32 logits: relative 1e-5.
      expect(Math.abs(ppl - expected) / expected).toBeLessThan(1e-5);
      // Windows are equal in length: up to the batch size of them share a pass.
      expect(model.counters.forwardPasses).toBe(Math.ceil(Math.floor(ids.length / texts.window) / model.batchSize));
      await expect(model.perplexityWindows('the', texts.window)).rejects.toThrow(/fewer than one window/);
      // A quick run scores only the first windows, the same numbers as the full run's first ones.
      const first = await model.perplexityWindows(texts.corpus, texts.window, 1);
      expect(first).toHaveLength(1);
      expect(Math.abs(first[0].nll - windows[0].nll)).toBeLessThan(1e-3);
    });

    it('counts tokens with the BOS the tokenizer adds, and reads the context length from the config', async () => {
      const model = lm();
      const s = session();
      expect(await model.countTokens(texts.prompt)).toBe(s.tokenizer.encode(texts.prompt).length);
      const c = s.config;
      expect(model.contextLength).toBe((c.max_position_embeddings ?? c.n_positions) as number);
    });

    it('stops within one forward pass when its signal aborts', async () => {
      const controller = new AbortController();
      const model = new SessionLanguageModel(session(), {
        signal: controller.signal,
        onForward: (c) => {
          if (c.forwardPasses === 2) controller.abort();
        },
      });
      await expect(model.generate(texts.prompt, { maxNewTokens: 50, greedy: true })).rejects.toThrow(/abort/i);
      expect(model.counters.forwardPasses).toBe(2);
      await expect(model.score(texts.context, texts.continuations)).rejects.toThrow(/abort/i);
      expect(model.counters.forwardPasses).toBe(2);
    });
  });
}
