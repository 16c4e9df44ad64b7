// Broken model files, a config that belongs to another graph, and NaN weights: each refused at
// load with a message that names the file, the tensor or the setting at fault.
import { describe, expect, it } from 'vitest';
import { buildTinyModel, LAYOUT_NAMES, type RepoFiles } from '../../../test/models/tiny-models.ts';
import { configGraphProblem } from './config-graph.ts';
import { requireFiniteWeights } from './finite-weights.ts';
import { makePatchable } from './patchable.ts';

const json = (files: RepoFiles, name: string): Record<string, unknown> => JSON.parse(new TextDecoder().decode(files.get(name)!)) as Record<string, unknown>;

function withFile(files: RepoFiles, name: string, bytes: Uint8Array): RepoFiles {
  return new Map([...files, [name, bytes]]);
}

describe('config.json against the graph', () => {
  it.each(LAYOUT_NAMES)('accepts the config of a %s export', (layout) => {
    const files = buildTinyModel(layout);
    expect(configGraphProblem(json(files, 'config.json'), makePatchable(files).index)).toBeNull();
  });

  it('refuses model_type gpt2 on a Llama graph, and llama on a GPT-2 graph', () => {
    const llama = buildTinyModel('llama');
    expect(configGraphProblem({ ...json(llama, 'config.json'), model_type: 'gpt2' }, makePatchable(llama).index)).toMatch(
      /model_type "gpt2", but the graph's layers are q, k, v, o projections \(a Llama-style decoder\)/,
    );
    const gpt2 = buildTinyModel('gpt2');
    expect(configGraphProblem({ ...json(gpt2, 'config.json'), model_type: 'llama' }, makePatchable(gpt2).index)).toMatch(/model_type "llama", but the graph's layers are GPT-2 style/);
  });

  it('refuses a layer count or hidden size the initializers do not have', () => {
    const files = buildTinyModel('qwen2');
    const { index } = makePatchable(files);
    const config = json(files, 'config.json');
    expect(configGraphProblem({ ...config, num_hidden_layers: 30 }, index)).toMatch(/num_hidden_layers = 30, but the graph has 2 decoder layers/);
    expect(configGraphProblem({ ...config, hidden_size: 576 }, index)).toMatch(/hidden_size = 576, but model\.layers\.0\.self_attn\.q_proj reads 32 inputs/);
  });
});

describe('broken model files', () => {
  it('names a truncated model.onnx with the bytes it has and needs', () => {
    const files = buildTinyModel('smollm'); // weights inline: model.onnx carries everything
    const whole = files.get('onnx/model.onnx')!;
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    let message = '';
    try {
      makePatchable(withFile(files, 'onnx/model.onnx', cut));
    } catch (error) {
      message = (error as Error).message;
    }
    const match = new RegExp(`^onnx/model\\.onnx is truncated: it has ${cut.length} bytes, but its contents run to at least (\\d+)`).exec(message);
    expect(match, message).not.toBeNull();
    // The graph field's own length: past the cut, within the whole file (opset imports follow it).
    expect(Number(match![1])).toBeGreaterThan(cut.length);
    expect(Number(match![1])).toBeLessThanOrEqual(whole.length);
  });

  it('names a model.onnx that is not ONNX at all', () => {
    const files = buildTinyModel('llama');
    expect(() => makePatchable(withFile(files, 'onnx/model.onnx', new TextEncoder().encode('<html>404</html>')))).toThrow(/^onnx\/model\.onnx \(16 bytes\) is not/);
  });

  it('names a truncated model.onnx_data and the tensor that runs past its end', () => {
    const files = buildTinyModel('llama');
    const data = files.get('onnx/model.onnx_data')!;
    expect(data).toBeDefined();
    const cut = data.subarray(0, data.length - 1000);
    expect(() => makePatchable(withFile(files, 'onnx/model.onnx_data', cut))).toThrow(
      new RegExp(`^onnx/model\\.onnx_data is truncated: it has ${cut.length} bytes, but tensor \\S+ reads bytes \\d+\\.\\.\\d+ and the weights need ${data.length}`),
    );
  });
});

describe('non-finite weights at load', () => {
  it('names the module and the counts of NaN and Inf', () => {
    const files = buildTinyModel('llama');
    const clean = makePatchable(files);
    expect(() => requireFiniteWeights(clean)).not.toThrow();
    const down = clean.index.linears.find((l) => l.module === 'model.layers.1.mlp.down_proj')!;
    const data = files.get('onnx/model.onnx_data')!.slice();
    const view = new DataView(data.buffer, down.data!.offset);
    for (let i = 0; i < 5; i++) view.setFloat32(4 * i, NaN, true);
    view.setFloat32(40, -Infinity, true);
    const broken = makePatchable(withFile(files, 'onnx/model.onnx_data', data));
    expect(() => requireFiniteWeights(broken)).toThrow(/model\.layers\.1\.mlp\.down_proj \(5 NaN, 1 Inf\)/);
  });
});
