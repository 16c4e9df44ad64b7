import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers';

/**
 * The exported kick-tiny loads with transformers.js in Node (onnxruntime-node) and continues 20
 * fixed prompts exactly as the training framework did (fixture written by export.py).
 */
const MODEL_ROOT = resolve('public/models');
const MODEL_DIR = join(MODEL_ROOT, 'kick-tiny');
const FIXTURE = resolve('tools/train-kick-tiny/fixtures/greedy.json');
const hasModel = existsSync(join(MODEL_DIR, 'onnx/model.onnx')) && existsSync(FIXTURE);
if (!hasModel) {
  console.warn('KICK_TINY_MISSING: public/models/kick-tiny or its fixture is not exported yet (tools/train-kick-tiny/export.py); model tests skipped');
}

/** Below this gap between the two best logits, fp32 rounding differences may flip greedy choice. */
const NEAR_TIE = 1e-3;

interface FixtureCase {
  prompt: string;
  promptIds: number[];
  outputIds: number[];
  margins: number[];
}
interface Fixture {
  maxNewTokens: number;
  eosTokenId: number;
  cases: FixtureCase[];
}

function loadLocal() {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${MODEL_ROOT}/`;
}

const dirSize = (dir: string): number =>
  readdirSync(dir).reduce((s, f) => {
    const p = join(dir, f);
    return s + (statSync(p).isDirectory() ? dirSize(p) : statSync(p).size);
  }, 0);

describe.skipIf(!hasModel)('kick-tiny export', () => {
  const fixture: Fixture = hasModel ? JSON.parse(readFileSync(FIXTURE, 'utf8')) : { maxNewTokens: 0, eosTokenId: 0, cases: [] };

  it('is a Llama config for transformers.js with external data, under 20 MB', () => {
    const config = JSON.parse(readFileSync(join(MODEL_DIR, 'config.json'), 'utf8'));
    expect(config.model_type).toBe('llama');
    expect(config['transformers.js_config']).toEqual({ use_external_data_format: { 'model.onnx': true } });
    expect(existsSync(join(MODEL_DIR, 'onnx/model.onnx_data'))).toBe(true);
    expect(existsSync(join(MODEL_DIR, 'generation_config.json'))).toBe(true);
    expect(dirSize(MODEL_DIR)).toBeLessThanOrEqual(20 * 1024 * 1024);
    expect(fixture.cases.length).toBe(20);
  });

  it('tokenizes as the training tokenizer did and round-trips text', async () => {
    loadLocal();
    const tok = await AutoTokenizer.from_pretrained('kick-tiny');
    for (const c of fixture.cases) {
      const ids = Array.from(tok(c.prompt).input_ids.data as BigInt64Array, Number);
      expect(ids).toEqual(c.promptIds);
      expect(tok.decode(ids, { skip_special_tokens: true })).toBe(c.prompt);
    }
    const suite = JSON.parse(readFileSync('public/kickworld/suite.json', 'utf8'));
    const texts: string[] = [
      'Plain ASCII, punctuation: "quotes", (brackets) and 1234 numbers.\n\n  double  spaces\tand tabs ',
      'Non-ASCII survives the byte-level round trip: café, naïve, 東京, emoji 🙂.',
      ...suite.tasks.icrOpen.slice(0, 20).map((q: { prompt: string }) => q.prompt),
      ...suite.tasks.mcr.slice(0, 5).map((q: { prompt: string }) => q.prompt),
    ];
    for (const t of texts) {
      const ids = Array.from(tok(t).input_ids.data as BigInt64Array, Number);
      expect(ids[0]).toBe(JSON.parse(readFileSync(join(MODEL_DIR, 'config.json'), 'utf8')).bos_token_id);
      expect(tok.decode(ids, { skip_special_tokens: true })).toBe(t);
    }
  });

  it('continues the 20 fixture prompts greedily as the training framework did', async () => {
    loadLocal();
    const tok = await AutoTokenizer.from_pretrained('kick-tiny');
    const model = await AutoModelForCausalLM.from_pretrained('kick-tiny', { dtype: 'fp32', device: 'cpu' });
    try {
      for (const c of fixture.cases) {
        const enc = tok(c.prompt);
        const out = await model.generate({ ...enc, max_new_tokens: fixture.maxNewTokens, do_sample: false });
        const generated = Array.from((out as { data: BigInt64Array }).data, Number).slice(c.promptIds.length);
        const firstDiff = c.outputIds.findIndex((id, i) => generated[i] !== id);
        if (firstDiff === -1) {
          expect(generated.slice(0, c.outputIds.length)).toEqual(c.outputIds);
          expect(generated.length).toBe(c.outputIds.length);
        } else {
          // Only a near-tie in the reference may flip; everything before it must agree.
          expect(c.margins[firstDiff], `diverged at step ${firstDiff} of "${c.prompt.slice(0, 60)}"`).toBeLessThan(NEAR_TIE);
        }
      }
    } finally {
      await model.dispose();
    }
  });
});
