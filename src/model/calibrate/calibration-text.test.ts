import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { buildTinyModel } from '../../../test/models/tiny-models.ts';
import { writeRepo } from '../../../test/models/write-repo.ts';
import { calibrationSet, CalibrationTextError, contextLengthOf, sampleWindows, seededUniform } from './calibration-text.ts';

const root = mkdtempSync(join(tmpdir(), 'kick-calib-text-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const corpus = Array.from({ length: 400 }, (_, i) => i);

describe('calibration windows', () => {
  it('are contiguous slices of the corpus at seeded random starts in [0, n - seqlen - 1]', () => {
    const w = sampleWindows(corpus, 50, 30, 7);
    expect(w).toHaveLength(50);
    for (const win of w) {
      expect(win).toHaveLength(30);
      expect(win[0]).toBeGreaterThanOrEqual(0);
      expect(win[0]).toBeLessThanOrEqual(400 - 30 - 1);
      win.forEach((t, k) => expect(t).toBe(win[0] + k));
    }
    expect(sampleWindows(corpus, 50, 30, 7)).toEqual(w);
    expect(sampleWindows(corpus, 50, 30, 8)).not.toEqual(w);
    // Both ends of the start range are reachable, and nothing beyond: n = seqlen + 2 gives starts 0 and 1.
    const starts = new Set(sampleWindows(corpus.slice(0, 12), 200, 10, 1).map((x) => x[0]));
    expect([...starts].sort()).toEqual([0, 1]);
  });

  it('seeded uniform numbers lie in [0, 1) and repeat by seed', () => {
    const a = seededUniform(3);
    const b = seededUniform(3);
    for (let i = 0; i < 1000; i++) {
      const v = a();
      expect(v).toBe(b());
      expect(v >= 0 && v < 1).toBe(true);
    }
  });

  it('reject bad sizes and too short a corpus', () => {
    expect(() => sampleWindows(corpus, 0, 10, 0)).toThrow(CalibrationTextError);
    expect(() => sampleWindows(corpus, 1, 2.5, 0)).toThrow(/seqlen/);
    expect(() => sampleWindows(corpus.slice(0, 10), 1, 10, 0)).toThrow(/at least 11/);
  });

  it('read the context length from Llama- and GPT-2-style configs', () => {
    expect(contextLengthOf({ max_position_embeddings: 2048 })).toBe(2048);
    expect(contextLengthOf({ n_positions: 1024, n_ctx: 1024 })).toBe(1024);
    expect(contextLengthOf({ hidden_size: 8 })).toBeNull();
  });
});

describe('calibration set from text with the model tokenizer (transformers.js)', () => {
  it('tokenizes, caps seqlen by the context and then by the corpus, and samples', async () => {
    writeRepo(join(root, 'tiny'), buildTinyModel('llama'));
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = `${root}/`;
    const tokenizer = await AutoTokenizer.from_pretrained('tiny');
    const text = 'the quick brown fox jumps over the lazy dog. '.repeat(40);
    const ids = tokenizer.encode(text);
    expect(ids.length).toBeGreaterThan(100);

    const set = calibrationSet(text, tokenizer, { nsamples: 4, seqlen: 2048, contextLength: 64, seed: 1 });
    expect(set).toMatchObject({ nsamples: 4, seqlen: 64, capped: 'context', corpusTokens: ids.length, seed: 1 });
    for (const w of set.windows) {
      const start = ids.indexOf(w[0]);
      expect(start).toBeGreaterThanOrEqual(0);
      // The window is a run of the corpus's tokens.
      expect(ids.some((_, s) => w.every((t, k) => ids[s + k] === t))).toBe(true);
    }
    const short = calibrationSet('the cat sat', tokenizer, { nsamples: 2, seqlen: 128 });
    expect(short.capped).toBe('corpus');
    expect(short.seqlen).toBe(tokenizer.encode('the cat sat').length - 1);
    expect(() => calibrationSet('   ', tokenizer)).toThrow(/empty/);
    const defaults = calibrationSet(text.repeat(60), tokenizer);
    expect(defaults.nsamples).toBe(128);
    expect(defaults.seqlen).toBe(Math.min(2048, defaults.corpusTokens - 1));
  });
});
