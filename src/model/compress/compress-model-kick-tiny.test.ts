import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { calibrationSet, contextLengthOf } from '../calibrate/calibration-text.ts';
import { buildCaptureModel } from '../calibrate/capture-graph.ts';
import { initializerReader, llamaLinearInputs } from '../../../test/model/llama-reference-forward.ts';
import { logitsWith, maxAbsDiff, wasmRuntime } from '../../../test/model/capture-fixtures.ts';
import { openCaptureSession } from '../calibrate/capture-session.ts';
import { compressModel } from './compress-model.ts';
import { makePatchable } from '../weights/patchable.ts';
import { linearOf, zerosAfterRowPruning } from '../../../test/sparsity.ts';
import { readWeight } from '../weights/weight-store.ts';

/** The built-in model (a torch 1.13 export, optimum-style names), when it has been exported into public/. */
const DIR = 'public/models/kick-tiny';
const hasKickTiny = existsSync(`${DIR}/onnx/model.onnx`) && existsSync(`${DIR}/onnx/model.onnx_data`) && existsSync(`${DIR}/tokenizer.json`);
if (!hasKickTiny) console.warn('KICK_TINY_MISSING: public/models/kick-tiny is not exported; its calibration and compression tests are skipped');

const TEXT =
  'The lighthouse keeper wrote every evening in a small blue book. He noted the wind, the colour of the sea, ' +
  'the ships that passed and the birds that rested on the rail. In winter the entries were short; in summer ' +
  'they ran over several pages, with drawings of clouds and lists of the visitors who climbed the stairs. ';

describe.skipIf(!hasKickTiny)('kick-tiny calibration and compression', () => {
  const load = () => {
    const files = new Map([
      ['onnx/model.onnx', new Uint8Array(readFileSync(`${DIR}/onnx/model.onnx`))],
      ['onnx/model.onnx_data', new Uint8Array(readFileSync(`${DIR}/onnx/model.onnx_data`))],
    ]);
    const config = JSON.parse(readFileSync(`${DIR}/config.json`, 'utf8')) as Record<string, number>;
    return { patchable: makePatchable(files), config };
  };

  it('captures the layer inputs a TypeScript forward pass of its config computes', async () => {
    const { patchable, config } = load();
    const linears = [...patchable.index.linears, patchable.index.lmHead!];
    const cap = buildCaptureModel(patchable.model, linears);
    const reader = initializerReader(patchable.model, new Map([[patchable.dataLocation, patchable.master]]));
    // The export wraps the model once more: model.model.layers.0... for model.layers.0...
    const names = new Set(patchable.model.graph.initializers.map((t) => t.name));
    const param = (n: string) => reader(names.has(n) ? n : `model.${n}`);
    const byModule = new Map(linears.map((l) => [l.module, l]));
    const weight = (m: string) => readWeight(patchable.master, byModule.get(m)!).data;
    const shape = {
      hidden: config.hidden_size,
      heads: config.num_attention_heads,
      kvHeads: config.num_key_value_heads,
      headDim: config.head_dim,
      intermediate: config.intermediate_size,
      layers: config.num_hidden_layers,
      eps: config.rms_norm_eps,
      ropeTheta: config.rope_theta,
    };
    const ids = [0, 17, 300, 5, 1020, 44, 9, 250, 1500, 3, 77, 640];
    const session = await openCaptureSession(wasmRuntime(), patchable.model, cap, patchable.externalData(patchable.master));
    try {
      const got = await session.run(ids, cap.captures);
      const want = llamaLinearInputs(ids, shape, param, weight);
      for (const c of cap.captures) {
        const ref = want.get(c.output === patchable.index.lmHead!.module ? 'lm_head' : c.output)!;
        let scale = 0;
        for (const v of ref) scale = Math.max(scale, Math.abs(v));
        // float32 graph vs float64 reference over 4 trained layers: relative 1e-4 of the largest input.
        expect(maxAbsDiff(got.get(c.output)!, ref) / scale, c.output).toBeLessThan(1e-4);
      }
    } finally {
      await session.release();
    }
  });

  it('calibrates on its own tokenizer and compresses with wanda and sparsegpt, sequentially', async () => {
    const { patchable, config } = load();
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = 'public/models/';
    const tokenizer = await AutoTokenizer.from_pretrained('kick-tiny');
    const set = calibrationSet(TEXT.repeat(8), tokenizer, { nsamples: 4, seqlen: 64, contextLength: contextLengthOf(config) ?? undefined, seed: 0 });
    expect(set.seqlen).toBe(64);
    const probe = set.windows[0].slice(0, 24);
    const dense = await logitsWith(patchable, patchable.master, probe);
    for (const spec of ['wanda', 'sparsegpt']) {
      const store = patchable.newStore();
      const out = await compressModel(patchable, store, { spec, params: { sparsity: 0.5 }, backend: 'cpu', calibration: { windows: set.windows, mode: 'sequential', runtime: wasmRuntime() } });
      expect(out.reports).toHaveLength(7 * config.num_hidden_layers);
      for (const r of out.reports) {
        // A row that is already all zero (kick-tiny has some, see test/sparsity.ts)
        // stays zero, so the bound counts each row's zeros before pruning.
        const bound = zerosAfterRowPruning(readWeight(patchable.master, linearOf(patchable, r.module)), 0.5) / (r.rows * r.cols);
        expect(r.achievedSparsity, r.module).toBeGreaterThanOrEqual(0.5);
        expect(r.achievedSparsity, r.module).toBeLessThan(bound + 8 / (r.rows * r.cols)); // sparsegpt: one extra per 128-column block
      }
      const logits = await logitsWith(patchable, store.patched, probe);
      expect(maxAbsDiff(logits, dense), spec).toBeGreaterThan(1e-3);
      expect(logits.every(Number.isFinite)).toBe(true);
    }
  });
});
