// Batched against one-at-a-time evaluation, shared by the Node test (onnxruntime-node) and the
// browser test (wasm EP): the same greedy and seeded texts, log-likelihoods within 1e-4, the same
// perplexity windows, with prompts of very different lengths in one batch (left padding).
import { describe, expect, it } from 'vitest';
import { SessionLanguageModel } from '../../src/model/evaluate/session-language-model.ts';
import type { ModelSession } from '../../src/model/evaluate/model-session.ts';
import type { GenerateRequest, ScoreRequest } from '../../src/tasks/language-model.ts';

export interface BatchTexts {
  /** Prompts of very different token lengths (the longest several times the shortest). */
  prompts: string[];
  contexts: string[];
  /** Multi-token continuations sharing first tokens, and single-token ones. */
  continuations: string[];
  corpus: string;
  window: number;
  /** Prompts in two families, each family's members sharing a long start, all a shorter one. */
  alike: string[];
}

export const DEFAULT_BATCH_TEXTS: BatchTexts = {
  prompts: [
    'the',
    'the cat sat on the mat and looked at the rain falling on the garden while the dog slept by the fire and the clock ticked on the wall',
    'she sells sea shells',
    'a b c d e f g h i j k l m n o p',
    'the rain in spain',
  ],
  contexts: [
    'Question: where did the cat sit? Answer:',
    'the',
    'she sells sea shells on the sea shore, and the shells she sells are sea shells for sure. Question: what does she sell? Answer:',
  ],
  continuations: [' the mat', ' the', ' a hat on the wall', ' in', ' A', ' B'],
  corpus:
    'the quick brown fox jumps over the lazy dog. the rain in spain stays mainly in the plain. ' +
    'she sells sea shells on the sea shore, and the shells she sells are sea shells for sure. ' +
    'peter piper picked a peck of pickled peppers; a peck of pickled peppers peter piper picked.',
  window: 16,
  alike: ['she sells sea shells on the sea shore. ', 'peter piper picked a peck of pickled peppers. '].flatMap((story) =>
    ['Question: what? Answer:', 'Question: who is she? Answer:', 'Question: where? Answer:'].map((q) => `Answer each question about the story. ${story}${q}`),
  ),
};

/** Texts for a model trained on KICK-world (kick-tiny): prompts and contexts from its suite file. */
export function kickworldBatchTexts(suite: { tasks: Record<'factoid' | 'mcr' | 'icrOpen' | 'perplexity', Array<{ prompt?: string; text?: string; subject?: string }>> }): BatchTexts {
  const t = suite.tasks;
  const bySubject = (subject: string) => t.mcr.filter((q) => q.subject === subject).slice(0, 3).map((q) => q.prompt!);
  return {
    // A few-token prompt beside ~300-token open-book ones.
    prompts: [t.factoid[0].prompt!, t.icrOpen[0].prompt!, t.factoid[1].prompt!, t.mcr[0].prompt!, t.icrOpen[1].prompt!, 'Zek'],
    contexts: [t.mcr[0].prompt!, t.factoid[2].prompt!.trimEnd(), t.mcr[1].prompt!, t.icrOpen[2].prompt!],
    continuations: [' A', ' B', ' C', ' D', ' 1877', ' the drum and the lute'],
    corpus: t.perplexity.slice(0, 4).map((p) => p.text).join('\n\n'),
    window: 64,
    // MMLU-style 5-shot prompts of two subjects: the shots are the subject's.
    alike: [...bySubject(t.mcr[0].subject!), ...bySubject(t.mcr[1].subject!)],
  };
}

/** Sums of float32 log-softmax picks (as in language-model-suite.ts). */
const SCORE_TOL = 1e-4;

export function batchSuite(name: string, session: () => ModelSession, texts: BatchTexts = DEFAULT_BATCH_TEXTS): void {
  describe(name, () => {
    const one = () => new SessionLanguageModel(session(), { batchSize: 1 });
    // No cap on tokens per pass: rows of very different lengths share one pass.
    const batched = (batchSize = 8) => new SessionLanguageModel(session(), { batchSize, maxPassTokens: Infinity });

    it('holds prompts of very different lengths in one batch', () => {
      const lengths = texts.prompts.map((p) => one().encode(p).length);
      expect(Math.max(...lengths)).toBeGreaterThanOrEqual(4 * Math.min(...lengths));
    });

    it('generates greedily, per row budgets and stop strings, the texts generate() gives one at a time', async () => {
      const single = one();
      const budgets = [9, 3, 12, 1, 6];
      const requests: GenerateRequest[] = texts.prompts.map((prompt, i) => ({ prompt, opts: { maxNewTokens: budgets[i % budgets.length], greedy: true } }));
      // A stop string taken from the middle of one row's own output: that row ends early.
      const full = await single.generate(requests[2].prompt, requests[2].opts);
      const stop = full.slice(Math.floor(full.length / 2), Math.floor(full.length / 2) + 2).trim();
      if (stop) requests[2] = { ...requests[2], opts: { ...requests[2].opts, stop: [stop] } };
      const expected: string[] = [];
      for (const r of requests) expected.push(await single.generate(r.prompt, r.opts));
      const lm = batched();
      const got = await lm.generateBatch(requests);
      expect(got).toEqual(expected);
      expect(expected.some((t) => t.length > 0)).toBe(true);
      // One prompt pass, then one per token of the longest row at most.
      expect(lm.counters.forwardPasses).toBeLessThanOrEqual(Math.max(...budgets));
      expect(lm.counters.forwardPasses).toBeLessThan(single.counters.forwardPasses);
    });

    it('samples each row from its own seed as generate() does, and answers empty rows without a pass', async () => {
      const single = one();
      const requests: GenerateRequest[] = texts.prompts.map((prompt, i) => ({ prompt, opts: { maxNewTokens: 6, greedy: false, temperature: 1, seed: 100 + i } }));
      requests.push({ prompt: texts.prompts[0], opts: { maxNewTokens: 0, greedy: true } });
      const expected: string[] = [];
      for (const r of requests) expected.push(await single.generate(r.prompt, r.opts));
      expect(expected[expected.length - 1]).toBe('');
      expect(await batched().generateBatch(requests)).toEqual(expected);
    });

    it('splits a batch into passes of at most its batch size, and of at most its tokens per pass', async () => {
      const requests: GenerateRequest[] = texts.prompts.map((prompt) => ({ prompt, opts: { maxNewTokens: 2, greedy: true } }));
      const expected = await one().generateBatch(requests);
      const lm = new SessionLanguageModel(session(), { batchSize: 2, maxPassTokens: Infinity });
      expect(await lm.generateBatch(requests)).toEqual(expected);
      // ceil(5 / 2) groups, each a prompt pass and at most one more.
      const groups = Math.ceil(requests.length / 2);
      expect(lm.counters.forwardPasses).toBeGreaterThanOrEqual(groups);
      expect(lm.counters.forwardPasses).toBeLessThanOrEqual(2 * groups);
      // Room for the longest prompt alone: it never shares a pass, and no pass exceeds the room.
      const longest = Math.max(...requests.map((r) => lm.encode(r.prompt).length));
      const widths: number[] = [];
      const capped = new SessionLanguageModel(session(), { batchSize: 8, maxPassTokens: longest, onForward: (c) => widths.push(c.tokens) });
      expect(await capped.generateBatch(requests)).toEqual(expected);
      const perPass = widths.map((t, i) => t - (widths[i - 1] ?? 0));
      expect(Math.max(...perPass)).toBeLessThanOrEqual(longest);
      expect(capped.counters.forwardPasses).toBeGreaterThan(lm.counters.forwardPasses / 2);
    });

    it('scores many examples in one batch as score() does, and reads the greedy next token off the same pass', async () => {
      const single = one();
      const requests: ScoreRequest[] = texts.contexts.map((context, i) => ({ context, continuations: texts.continuations.slice(i % 2, texts.continuations.length - (i % 3)), greedyNext: i !== 1 }));
      const expected: { logLikelihoods: number[]; next: string | undefined }[] = [];
      for (const r of requests) {
        expected.push({
          logLikelihoods: await single.score(r.context, r.continuations),
          next: r.greedyNext ? await single.generate(r.context, { maxNewTokens: 1, greedy: true }) : undefined,
        });
      }
      const lm = batched();
      const got = await lm.scoreBatch(requests);
      // The heads in one pass, the multi-token continuations in a second.
      expect(lm.counters.forwardPasses).toBe(2);
      got.forEach((g, i) => {
        expect(g.greedyNext).toBe(expected[i].next);
        expect(g.logLikelihoods).toHaveLength(expected[i].logLikelihoods.length);
        g.logLikelihoods.forEach((ll, k) => expect(Math.abs(ll - expected[i].logLikelihoods[k])).toBeLessThan(SCORE_TOL));
      });
      // Single-token continuations need no second pass.
      const letters = batched();
      const [a] = await letters.scoreBatch([{ context: texts.contexts[0], continuations: [' A', ' B', ' C', ' D'], greedyNext: true }]);
      const b = await single.score(texts.contexts[0], [' A', ' B', ' C', ' D']);
      if ([' A', ' B', ' C', ' D'].every((c) => single.splitTokens(texts.contexts[0], c).whole.length === single.encode(texts.contexts[0]).length + 1)) {
        expect(letters.counters.forwardPasses).toBe(1);
      }
      a.logLikelihoods.forEach((ll, k) => expect(Math.abs(ll - b[k])).toBeLessThan(SCORE_TOL));
    });

    it('computes a start that prompts share once, and generates what generate() gives one at a time', async () => {
      const single = one();
      const requests: GenerateRequest[] = texts.alike.map((prompt, i) => ({ prompt, opts: { maxNewTokens: 3 + (i % 4), greedy: true } }));
      const expected: string[] = [];
      for (const r of requests) expected.push(await single.generate(r.prompt, r.opts));
      const shared = batched();
      const plain = new SessionLanguageModel(session(), { batchSize: 8, maxPassTokens: Infinity, prefixSharing: false });
      expect(plain.prefixes).toBeNull();
      expect(await shared.generateBatch(requests)).toEqual(expected);
      expect(await plain.generateBatch(requests)).toEqual(expected);
      // On WebGPU the caches stay in GPU buffers: nothing is shared (the texts are the same).
      if (session().device !== 'wasm') {
        expect(shared.prefixes).toBeNull();
        return;
      }
      // Each family's start, and the start of all, went through the model once.
      expect(shared.prefixes!.size).toBeGreaterThanOrEqual(2);
      const firstCall = { ...shared.counters };
      expect(firstCall.tokens).toBeLessThan(plain.counters.tokens);
      // A later call finds the starts cached: no new ones, and only the rows' own tokens.
      const size = shared.prefixes!.size;
      expect(await shared.generateBatch(requests)).toEqual(expected);
      expect(shared.prefixes!.size).toBe(size);
      expect(shared.counters.tokens - firstCall.tokens).toBeLessThan(firstCall.tokens);
    });

    it('scores contexts that share a start as score() does, with their greedy tokens and multi-token continuations', async () => {
      const single = one();
      const requests: ScoreRequest[] = texts.alike.map((context) => ({ context, continuations: [' A', ' B', ' C', ' D', ...texts.continuations.slice(0, 3)], greedyNext: true }));
      const expected: { logLikelihoods: number[]; next: string }[] = [];
      for (const r of requests) {
        expected.push({ logLikelihoods: await single.score(r.context, r.continuations), next: await single.generate(r.context, { maxNewTokens: 1, greedy: true }) });
      }
      const shared = batched();
      const plain = new SessionLanguageModel(session(), { batchSize: 8, maxPassTokens: Infinity, prefixSharing: false });
      for (const lm of [shared, plain]) {
        const got = await lm.scoreBatch(requests);
        got.forEach((g, i) => {
          expect(g.greedyNext).toBe(expected[i].next);
          g.logLikelihoods.forEach((ll, k) => expect(Math.abs(ll - expected[i].logLikelihoods[k])).toBeLessThan(SCORE_TOL));
        });
      }
      if (session().device !== 'wasm') {
        expect(shared.prefixes).toBeNull();
        return;
      }
      expect(shared.prefixes!.size).toBeGreaterThanOrEqual(2);
      expect(shared.counters.tokens).toBeLessThan(plain.counters.tokens);
    });

    it('computes perplexity windows several per pass, the same as one per pass', async () => {
      const single = one();
      const lm = batched(4);
      const expected = await single.perplexityWindows(texts.corpus, texts.window);
      const got = await lm.perplexityWindows(texts.corpus, texts.window);
      expect(expected.length).toBeGreaterThanOrEqual(3);
      expect(got).toHaveLength(expected.length);
      got.forEach((w, i) => {
        expect(w.tokens).toBe(expected[i].tokens);
        expect(Math.abs(w.nll - expected[i].nll)).toBeLessThan(SCORE_TOL);
      });
      expect(lm.counters.forwardPasses).toBe(Math.ceil(expected.length / 4));
    });

    it('stops a batch within one pass when its signal aborts', async () => {
      const controller = new AbortController();
      const lm = new SessionLanguageModel(session(), {
        batchSize: 8,
        maxPassTokens: Infinity,
        signal: controller.signal,
        onForward: (c) => {
          if (c.forwardPasses === 2) controller.abort();
        },
      });
      const requests = texts.prompts.map((prompt) => ({ prompt, opts: { maxNewTokens: 50, greedy: true } }));
      await expect(lm.generateBatch(requests)).rejects.toThrow(/abort/i);
      expect(lm.counters.forwardPasses).toBe(2);
    });
  });
}
