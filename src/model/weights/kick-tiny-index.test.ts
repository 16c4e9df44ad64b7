import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makePatchable } from './patchable.ts';
import { readWeight } from './weight-store.ts';

/** The built-in model (a torch export with external data), when it has been exported into public/. */
const DIR = 'public/models/kick-tiny/onnx';
const hasKickTiny = existsSync(`${DIR}/model.onnx`) && existsSync(`${DIR}/model.onnx_data`);
if (!hasKickTiny) console.warn('KICK_TINY_MISSING: public/models/kick-tiny is not exported; its index test is skipped');

describe.skipIf(!hasKickTiny)('kick-tiny weight index', () => {
  it('finds the 7 Llama linears of each layer, named only by their nodes, in place in model.onnx_data', () => {
    const files = new Map([
      ['onnx/model.onnx', new Uint8Array(readFileSync(`${DIR}/model.onnx`))],
      ['onnx/model.onnx_data', new Uint8Array(readFileSync(`${DIR}/model.onnx_data`))],
    ]);
    const config = JSON.parse(readFileSync('public/models/kick-tiny/config.json', 'utf8'));
    const p = makePatchable(files);
    const { index } = p;
    expect(index.numLayers).toBe(config.num_hidden_layers);
    expect(index.unrecognised).toEqual([]);
    expect(p.master).toBe(files.get('onnx/model.onnx_data')); // used in place
    for (let layer = 0; layer < index.numLayers; layer++) {
      const ls = index.linears.filter((l) => l.layer === layer);
      expect(ls.map((l) => l.role)).toEqual(['q', 'k', 'v', 'o', 'gate', 'up', 'down']);
      for (const l of ls) {
        expect(l.initializer.startsWith('onnx::MatMul_')).toBe(true);
        expect(l.storedInOut).toBe(true);
      }
      const byRole = new Map(ls.map((l) => [l.role, l]));
      expect([byRole.get('q')!.outFeatures, byRole.get('q')!.inFeatures]).toEqual([config.num_attention_heads * config.head_dim, config.hidden_size]);
      expect([byRole.get('down')!.outFeatures, byRole.get('down')!.inFeatures]).toEqual([config.hidden_size, config.intermediate_size]);
    }
    expect(index.lmHead?.outFeatures).toBe(config.vocab_size);
    expect(index.linears.some((l) => l.role === 'lm_head')).toBe(false);
    const w = readWeight(p.master, index.linears[0]);
    expect(w.data.some((v) => v !== 0)).toBe(true);
    expect(w.data.every(Number.isFinite)).toBe(true);
  });
});
