import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor } from '@huggingface/transformers';
import { buildTinyModelWithWeights, LAYOUT_NAMES, type LayoutName, type TinyModelOptions } from '../../../test/models/tiny-models.ts';
import { writeRepo } from '../../../test/models/write-repo.ts';
import { DATA_FILE } from './externalize.ts';
import { indexWeights, type LinearWeight, type WeightIndex } from './index-weights.ts';
import { decodeModel } from '../onnx/decode.ts';
import { readWeight, WeightStore } from './weight-store.ts';
import { makePatchable } from './patchable.ts';

/**
 * Every export layout, built as a random tiny model, runs in transformers.js (onnxruntime-node),
 * and weights patched through the index reach the session: the path the compression loop takes.
 */

interface Case {
  id: string;
  layout: LayoutName;
  options: TinyModelOptions;
  roles: string[];
}

const LAYER_ROLES: Record<LayoutName, string[]> = {
  llama: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'],
  mistral: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'],
  qwen2: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'],
  qwen3: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'],
  phi3: ['qkv', 'o', 'gate_up', 'down'],
  gemma: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'],
  smollm: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'],
  gpt2: ['c_attn', 'c_proj', 'c_fc', 'c_proj'],
};

const CASES: Case[] = [
  ...LAYOUT_NAMES.map((layout, i) => ({ id: layout, layout, options: { seed: 11 + i }, roles: LAYER_ROLES[layout] })),
  // Gemm with transB=1 keeps torch's [out, in]: the index must not transpose it.
  { id: 'llama-gemm-t', layout: 'llama' as const, options: { seed: 5, spec: { linear: 'gemm_t' as const } }, roles: LAYER_ROLES.llama },
  // Newer GPT-2 exports write Conv1D as MatMul + Add instead of Gemm.
  { id: 'gpt2-matmul', layout: 'gpt2' as const, options: { seed: 6, spec: { linear: 'matmul' as const } }, roles: LAYER_ROLES.gpt2 },
];

const PROMPT = 'the cat sat on the mat';
const root = mkdtempSync(join(tmpdir(), 'kick-tiny-models-'));

beforeAll(() => {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${root}/`;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Model = Awaited<ReturnType<typeof AutoModelForCausalLM.from_pretrained>>;
type Outputs = Record<string, Tensor>;

async function forward(model: Model, ids: number[], past?: Outputs, pastLen = 0): Promise<Outputs> {
  const total = pastLen + ids.length;
  const feeds: Record<string, unknown> = {
    input_ids: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
    attention_mask: new Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]),
    position_ids: new Tensor('int64', BigInt64Array.from(ids, (_, i) => BigInt(pastLen + i)), [1, ids.length]),
  };
  if (past) {
    const cache: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(past)) if (name.startsWith('present.')) cache[name.replace('present.', 'past_key_values.')] = t;
    feeds.past_key_values = cache;
  }
  return (await (model as unknown as (f: unknown) => Promise<Outputs>)(feeds)) as Outputs;
}

const logitsOf = (o: Outputs): Float32Array => o.logits.data as Float32Array;

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe.each(CASES)('$id tiny model', ({ id, layout, options, roles }) => {
  const built = buildTinyModelWithWeights(layout, options);
  const onnx = built.files.get('onnx/model.onnx')!;
  let ids: number[] = [];
  let dense: Float32Array;
  let index: WeightIndex;
  let data: Uint8Array;

  beforeAll(async () => {
    writeRepo(join(root, id), built.files);
    // The patchable form: weights in one external buffer, model.onnx pointing at it.
    const patchable = makePatchable(built.files, 'onnx/model.onnx', { includeLmHead: true });
    data = patchable.master;
    index = patchable.index;
    const ext = { modelBytes: patchable.modelBytes };
    // No data file on disk: the session can only get the weights from memory.
    writeRepo(join(root, `${id}-patchable`), new Map([...built.files].filter(([k]) => !k.startsWith('onnx/')).concat([['onnx/model.onnx', ext.modelBytes]])));
    const tok = await AutoTokenizer.from_pretrained(id);
    ids = Array.from(tok(PROMPT).input_ids.data as BigInt64Array, Number);
    // Logits of the model as built (its own files, inline or external), the reference for patching.
    const reference = await AutoModelForCausalLM.from_pretrained(id, { dtype: 'fp32' });
    try {
      dense = logitsOf(await forward(reference, ids));
    } finally {
      await reference.dispose();
    }
  });

  it('indexes every decoder linear with its role, layer, dims and byte range', () => {
    const layers = index.linears.filter((l) => l.layer !== null);
    expect(index.numLayers).toBe(2);
    expect(index.unrecognised).toEqual([]);
    expect(index.quantized).toBe(false);
    for (const layer of [0, 1]) expect(layers.filter((l) => l.layer === layer).map((l) => l.role)).toEqual(roles);
    expect(index.lmHead?.module).toBe('lm_head');
    expect(index.embeddings.length).toBeGreaterThan(0);
    expect(indexWeights(decodeModel(onnx)).linears.some((l) => l.role === 'lm_head')).toBe(false);
    const ranges = index.linears.map((l) => l.data!).sort((a, b) => a.offset - b.offset);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i].offset).toBeGreaterThanOrEqual(ranges[i - 1].offset + ranges[i - 1].length);
    // What the index reads back in [out, in] is exactly what the builder drew.
    for (const l of index.linears) {
      const expected = built.weights.get(l.module);
      expect(expected, l.module).toBeDefined();
      const w = readWeight(data, l);
      expect([w.rows, w.cols]).toEqual([l.outFeatures, l.inFeatures]);
      expect(w.data).toEqual(expected);
      expect(l.storedInOut).toBe(!(l.opType === 'Gemm' && options.spec?.linear === 'gemm_t'));
    }
  });

  it('loads in transformers.js and generates greedily', async () => {
    const tok = await AutoTokenizer.from_pretrained(id);
    const model = await AutoModelForCausalLM.from_pretrained(id, { dtype: 'fp32' });
    try {
      const inputs = tok(PROMPT);
      const out = (await model.generate({ ...inputs, max_new_tokens: 5, min_new_tokens: 5, do_sample: false })) as Tensor;
      const tokens = Array.from(out.data as BigInt64Array, Number);
      expect(tokens.slice(0, ids.length)).toEqual(ids);
      expect(tokens.length).toBe(ids.length + 5);
      // Greedy = argmax of the model's own logits, step by step.
      const logits = logitsOf(await forward(model, tokens.slice(0, -1)));
      const vocab = logits.length / (tokens.length - 1);
      for (let p = ids.length - 1; p < tokens.length - 1; p++) {
        const row = logits.subarray(p * vocab, (p + 1) * vocab);
        expect(tokens[p + 1]).toBe(row.indexOf(Math.max(...row)));
      }
      expect(typeof tok.decode(tokens, { skip_special_tokens: true })).toBe('string');
    } finally {
      await model.dispose();
    }
  });

  it('gives the same logits through the KV cache as in one pass', async () => {
    const model = await AutoModelForCausalLM.from_pretrained(id, { dtype: 'fp32' });
    try {
      const full = logitsOf(await forward(model, ids));
      const vocab = full.length / ids.length;
      const split = 3;
      const first = await forward(model, ids.slice(0, split));
      const second = await forward(model, ids.slice(split), first, split);
      // fp32 with different reduction lengths: agreement to ~1e-5 relative of logits of size ~10.
      expect(maxAbsDiff(logitsOf(first), full.subarray(0, split * vocab))).toBeLessThan(1e-4);
      expect(maxAbsDiff(logitsOf(second), full.subarray(split * vocab))).toBeLessThan(1e-4);
    } finally {
      await model.dispose();
    }
  });

  it('masks left padding: a padded batch row gives the logits of the row run alone', async () => {
    const model = await AutoModelForCausalLM.from_pretrained(id, { dtype: 'fp32' });
    try {
      const short = ids.slice(0, 4);
      const pad = ids.length - short.length;
      const alone = logitsOf(await forward(model, short));
      const full = logitsOf(await forward(model, ids));
      const flat = [...ids, ...new Array<number>(pad).fill(1), ...short];
      const mask = [...ids.map(() => 1), ...new Array<number>(pad).fill(0), ...short.map(() => 1)];
      const pos = [...ids.map((_, i) => i), ...new Array<number>(pad).fill(1), ...short.map((_, i) => i)];
      const n = ids.length;
      const t = (v: number[]) => new Tensor('int64', BigInt64Array.from(v, BigInt), [2, n]);
      const out = (await (model as unknown as (f: unknown) => Promise<Outputs>)({ input_ids: t(flat), attention_mask: t(mask), position_ids: t(pos) })).logits.data as Float32Array;
      const vocab = full.length / n;
      expect(maxAbsDiff(out.subarray(0, n * vocab), full)).toBeLessThan(1e-4);
      expect(maxAbsDiff(out.subarray((n + pad) * vocab), alone)).toBeLessThan(1e-4);
    } finally {
      await model.dispose();
    }
  });

  it('sees weights patched through the index, and the dense bytes again when written back', async () => {
    const store = new WeightStore(data);
    const load = () =>
      AutoModelForCausalLM.from_pretrained(`${id}-patchable`, {
        dtype: 'fp32',
        use_external_data_format: false,
        session_options: { externalData: [{ path: DATA_FILE, data: store.patched }] },
      });
    const run = async (): Promise<Float32Array> => {
      const model = await load();
      try {
        return logitsOf(await forward(model, ids));
      } finally {
        await model.dispose();
      }
    };
    // The rewritten model.onnx with its weights from memory computes what the original files do.
    const unpatched = await run();
    expect(unpatched).toEqual(dense);

    // Halve one attention and one MLP weight of layer 0: the logits move.
    const targets: LinearWeight[] = [index.linears[0], index.linears.filter((l) => l.layer === 0).at(-1)!];
    for (const t of targets) {
      const w = await store.readDense(t);
      for (let i = 0; i < w.data.length; i += 2) w.data[i] = 0;
      store.write(t, w);
    }
    expect(store.modified.length).toBe(2);
    const patched = await run();
    expect(maxAbsDiff(patched, dense)).toBeGreaterThan(1e-3);

    // Zeroing lm_head row t (torch [vocab, hidden]) zeroes logit t at every position: orientation check.
    const head = index.lmHead!;
    const hw = await store.readDense(head);
    const t = 42;
    hw.data.fill(0, t * hw.cols, (t + 1) * hw.cols);
    store.write(head, hw);
    const headPatched = await run();
    const vocab = headPatched.length / ids.length;
    for (let p = 0; p < ids.length; p++) expect(headPatched[p * vocab + t]).toBe(0);

    // Writing back the dense weights (read, transposed, re-written) restores the logits bit for bit.
    for (const l of [...targets, head]) store.write(l, await store.readDense(l));
    expect(store.patched).toEqual(data);
    expect(await run()).toEqual(dense);
  });
});
