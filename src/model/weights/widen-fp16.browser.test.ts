import { perplexityOf } from '../../stats/bootstrap.ts';
import { describe, expect, it } from 'vitest';
import { narrowRepoToFp16 } from '../../../test/models/narrow-fp16.ts';
import { buildTinyModel } from '../../../test/models/tiny-models.ts';
import { SessionLanguageModel } from '../evaluate/session-language-model.ts';
import { makePatchable } from './patchable.ts';
import { createModelSession } from '../evaluate/model-session.ts';

/** An fp16 source widened at load runs on the wasm EP and scores as its fp32 original, up to the halves' rounding. */
describe('fp16 source on wasm', () => {
  it('loads model_fp16.onnx widened to fp32 and scores within rounding of the fp32 model', async () => {
    const fp32Files = buildTinyModel('llama', { seed: 4, external: false });
    const { files: fp16Files } = narrowRepoToFp16(fp32Files);
    const context = 'the river runs past the mill';
    const continuations = [' and on to the sea', ' under the old bridge', ' quietly'];

    const dense = makePatchable(fp32Files);
    const s32 = await createModelSession(dense, dense.master, { files: fp32Files, device: 'wasm' });
    const want = await new SessionLanguageModel(s32).score(context, continuations);
    const ppl32 = perplexityOf(await new SessionLanguageModel(s32).perplexityWindows(context + continuations[0], 16));
    await s32.dispose();

    const widened = makePatchable(fp16Files, 'onnx/model_fp16.onnx');
    const s16 = await createModelSession(widened, widened.master, { files: fp16Files, device: 'wasm', onnxFile: 'onnx/model_fp16.onnx' });
    const got = await new SessionLanguageModel(s16).score(context, continuations);
    const ppl16 = perplexityOf(await new SessionLanguageModel(s16).perplexityWindows(context + continuations[0], 16));
    await s16.dispose();

    expect(got).toHaveLength(continuations.length);
    got.forEach((v, i) => {
      expect(Number.isFinite(v)).toBe(true);
      // Halves carry 11 significant bits; summed log-probabilities of a few tokens move by far less than 0.05.
      expect(Math.abs(v - want[i])).toBeLessThan(0.05);
    });
    expect(Math.abs(ppl16 - ppl32) / ppl32).toBeLessThan(0.01);
    // The rounding is real: the two models are not the same model.
    expect(got).not.toEqual(want);
  });
});
