import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers';
import { buildTinyModel } from '../../../test/models/tiny-models.ts';
import { writeRepo } from '../../../test/models/write-repo.ts';
import { scriptedFetch } from '../../../test/net/scripted-fetch.ts';
import { startHubServer, type HubServer } from '../../../test/servers/hub-server.ts';
import type { DownloadProgress } from '../../net/download.ts';
import { HttpStatusError, ModelResolveError } from './errors.ts';
import { MemoryFileCache } from '../../net/file-cache.ts';
import { makePatchable } from '../weights/patchable.ts';
import { decodeModel } from '../onnx/decode.ts';
import { encodeModel } from '../onnx/encode.ts';
import { resolveModel, type ResolveOptions } from './resolve.ts';

const SHA = 'a'.repeat(40);
const llama = buildTinyModel('llama', { seed: 3 });
const gpt2 = buildTinyModel('gpt2', { seed: 4 });
const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const withConfig = (files: Map<string, Uint8Array>, patch: Record<string, unknown>) => {
  const config = { ...JSON.parse(new TextDecoder().decode(files.get('config.json')!)), ...patch };
  return new Map([...files, ['config.json', json(config)]]);
};
const without = (files: Map<string, Uint8Array>, drop: (f: string) => boolean) => new Map([...files].filter(([f]) => !drop(f)));

let hub: HubServer;
const fast: ResolveOptions = { backoffMs: 1, cache: null };

beforeAll(async () => {
  const fp16 = new Map([...without(llama, (f) => f.startsWith('onnx/')), ['onnx/model_fp16.onnx', llama.get('onnx/model.onnx')!], ['onnx/model_fp16.onnx_data', llama.get('onnx/model.onnx_data')!]]);
  hub = await startHubServer([
    { id: 'kick-lab/tiny-llama', sha: SHA, files: llama },
    { id: 'kick-lab/tiny-gpt2', sha: 'b'.repeat(40), files: gpt2 },
    { id: 'kick-lab/gated', sha: 'c'.repeat(40), files: llama, gatedToken: 'hf_secret' },
    { id: 'kick-lab/no-onnx', sha: 'd'.repeat(40), files: without(llama, (f) => f.startsWith('onnx/')) },
    {
      id: 'kick-lab/q4-only',
      sha: 'e'.repeat(40),
      files: new Map([...without(llama, (f) => f.startsWith('onnx/')), ['onnx/model_q4.onnx', new Uint8Array(8)], ['onnx/model_quantized.onnx', new Uint8Array(8)]]),
    },
    { id: 'kick-lab/bert', sha: 'f'.repeat(40), files: withConfig(llama, { model_type: 'bert', architectures: ['BertModel'] }) },
    { id: 'kick-lab/tiny-fp16', sha: '1'.repeat(40), files: fp16 },
  ]);
});
afterAll(() => hub.close());

async function errorOf(p: Promise<unknown>): Promise<ModelResolveError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ModelResolveError);
    return err as ModelResolveError;
  }
  throw new Error('expected a ModelResolveError');
}

describe('resolveModel from the hub layout', () => {
  it('downloads config, tokenizer, generation config and the ONNX files with per-file progress', async () => {
    const progress: DownloadProgress[] = [];
    const m = await resolveModel({ kind: 'hub', id: 'kick-lab/tiny-llama', host: hub.url }, { ...fast, onProgress: (p) => progress.push(p) });
    expect(m).toMatchObject({ name: 'kick-lab/tiny-llama', revision: 'main', sha: SHA, modelType: 'llama', onnxFile: 'onnx/model.onnx', dtype: 'fp32', dataFiles: ['onnx/model.onnx_data'] });
    expect([...m.files.keys()].sort()).toEqual([...llama.keys()].sort());
    for (const [f, bytes] of llama) expect(m.files.get(f), f).toEqual(bytes);
    expect(m.totalBytes).toBe([...llama.values()].reduce((s, b) => s + b.length, 0));
    const data = progress.filter((p) => p.file === 'onnx/model.onnx_data');
    expect(data.at(-1)).toMatchObject({ loaded: llama.get('onnx/model.onnx_data')!.length, total: llama.get('onnx/model.onnx_data')!.length, done: true, fromCache: false });
    for (let i = 1; i < data.length; i++) expect(data[i].loaded).toBeGreaterThanOrEqual(data[i - 1].loaded);
    expect(new Set(progress.filter((p) => p.done).map((p) => p.file))).toEqual(new Set(llama.keys()));
  });

  it('starts at once the second time: every file from the cache, only the listing asked again', async () => {
    const cache = new MemoryFileCache();
    const first = await resolveModel({ kind: 'hub', id: 'kick-lab/tiny-llama', host: hub.url }, { ...fast, cache });
    const before = hub.fileRequests().length;
    const progress: DownloadProgress[] = [];
    const second = await resolveModel({ kind: 'hub', id: 'kick-lab/tiny-llama', host: hub.url }, { ...fast, cache, onProgress: (p) => progress.push(p) });
    expect(hub.fileRequests().length).toBe(before);
    expect(progress.every((p) => p.fromCache && p.done)).toBe(true);
    expect(second.files).toEqual(first.files);
    // Cached under the commit, so a moved branch cannot serve stale bytes.
    expect(cache.size).toBe(llama.size);
  });

  it('resolves a plain base URL with the same code (inline weights: no data file)', async () => {
    const m = await resolveModel({ kind: 'url', baseUrl: `${hub.url}/kick-lab/tiny-gpt2/resolve/main/` }, fast);
    expect(m).toMatchObject({ modelType: 'gpt2', dataFiles: [], dtype: 'fp32', revision: null, sha: null });
    expect(m.files.get('onnx/model.onnx')).toEqual(gpt2.get('onnx/model.onnx'));
    const ext = await resolveModel({ kind: 'url', baseUrl: `${hub.url}/kick-lab/tiny-llama/resolve/main` }, fast);
    expect(ext.dataFiles).toEqual(['onnx/model.onnx_data']);
  });

  it('records fp16 sources', async () => {
    const m = await resolveModel({ kind: 'hub', id: 'kick-lab/tiny-fp16', host: hub.url }, fast);
    expect(m).toMatchObject({ onnxFile: 'onnx/model_fp16.onnx', dtype: 'fp16', dataFiles: ['onnx/model_fp16.onnx_data'] });
  });

  it('gives the files to transformers.js, which generates from them', async () => {
    const m = await resolveModel({ kind: 'hub', id: 'kick-lab/tiny-llama', host: hub.url }, fast);
    const dir = mkdtempSync(join(tmpdir(), 'kick-resolved-'));
    try {
      writeRepo(join(dir, 'tiny'), m.files);
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = `${dir}/`;
      const tok = await AutoTokenizer.from_pretrained('tiny');
      const model = await AutoModelForCausalLM.from_pretrained('tiny', { dtype: 'fp32' });
      const inputs = tok('hello there');
      const out = await model.generate({ ...inputs, max_new_tokens: 3, min_new_tokens: 3, do_sample: false });
      expect((out as { dims: number[] }).dims[1]).toBe((inputs.input_ids as { dims: number[] }).dims[1] + 3);
      await model.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('resolveModel failures', () => {
  it('names an unknown id or revision', async () => {
    const e = await errorOf(resolveModel({ kind: 'hub', id: 'kick-lab/nope', host: hub.url }, fast));
    expect(e.code).toBe('unknown-model');
    expect(e.message).toContain('kick-lab/nope');
    expect((await errorOf(resolveModel({ kind: 'hub', id: 'kick-lab/tiny-llama', revision: 'v9', host: hub.url }, fast))).code).toBe('unknown-model');
  });

  it('says a gated repo needs a token, and resolves with it', async () => {
    const e = await errorOf(resolveModel({ kind: 'hub', id: 'kick-lab/gated', host: hub.url }, fast));
    expect(e.code).toBe('gated');
    expect(e.message).toMatch(/token/);
    const m = await resolveModel({ kind: 'hub', id: 'kick-lab/gated', host: hub.url, token: 'hf_secret' }, fast);
    expect(m.files.get('onnx/model.onnx_data')).toEqual(llama.get('onnx/model.onnx_data'));
  });

  it('rejects repos without ONNX, with only quantised ONNX, or of an unsupported architecture, before downloading weights', async () => {
    const before = hub.fileRequests().length;
    const noOnnx = await errorOf(resolveModel({ kind: 'hub', id: 'kick-lab/no-onnx', host: hub.url }, fast));
    expect(noOnnx.code).toBe('no-onnx');
    const q4 = await errorOf(resolveModel({ kind: 'hub', id: 'kick-lab/q4-only', host: hub.url }, fast));
    expect(q4.code).toBe('quantized-only');
    expect(q4.message).toContain('onnx/model_q4.onnx');
    expect(hub.fileRequests().length).toBe(before);
    const bert = await errorOf(resolveModel({ kind: 'hub', id: 'kick-lab/bert', host: hub.url }, fast));
    expect(bert.code).toBe('unsupported-architecture');
    expect(bert.message).toContain('"bert"');
    expect(hub.fileRequests().slice(before)).toEqual([`GET /kick-lab/bert/resolve/main/config.json`]);
    const noConfigUrl = await errorOf(resolveModel({ kind: 'url', baseUrl: `${hub.url}/kick-lab/nothing/resolve/main/` }, fast));
    expect(noConfigUrl.code).toBe('missing-file');
  });

  it('resumes a file whose connection drops mid-way with Range requests', async () => {
    const data = llama.get('onnx/model.onnx_data')!;
    hub.drop({ file: 'onnx/model.onnx_data', afterBytes: 10_000, times: 2 });
    const start = hub.log.length;
    const m = await resolveModel({ kind: 'hub', id: 'kick-lab/tiny-llama', host: hub.url }, fast);
    expect(m.files.get('onnx/model.onnx_data')).toEqual(data);
    const dataRequests = hub.log.slice(start).filter((l) => l.includes('model.onnx_data'));
    expect(dataRequests).toEqual([
      'GET /kick-lab/tiny-llama/resolve/main/onnx/model.onnx_data',
      'GET /kick-lab/tiny-llama/resolve/main/onnx/model.onnx_data bytes=10000-',
      'GET /kick-lab/tiny-llama/resolve/main/onnx/model.onnx_data bytes=20000-',
    ]);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const p = resolveModel({ kind: 'hub', id: 'kick-lab/tiny-llama', host: hub.url }, { ...fast, signal: controller.signal, onProgress: (e) => e.file === 'config.json' && e.done && controller.abort() });
    await expect(p).rejects.toThrow(/abort/i);
  });

  it('starts over when the server ignores Range, and gives up with a clear message after the retries', async () => {
    const data = llama.get('onnx/model.onnx_data')!;
    hub.setRangeSupport(false);
    try {
      hub.drop({ file: 'onnx/model.onnx_data', afterBytes: 5_000, times: 1 });
      const m = await resolveModel({ kind: 'hub', id: 'kick-lab/tiny-llama', host: hub.url }, fast);
      expect(m.files.get('onnx/model.onnx_data')).toEqual(data);
    } finally {
      hub.setRangeSupport(true);
    }
    hub.drop({ file: 'onnx/model.onnx_data', afterBytes: 1_000, times: 3 });
    const e = await errorOf(resolveModel({ kind: 'hub', id: 'kick-lab/tiny-llama', host: hub.url }, { ...fast, retries: 2 }));
    expect(e.code).toBe('network');
    expect(e.message).toMatch(/onnx\/model\.onnx_data.*3 attempts/);
  });
});

describe('resolveModel maps download failures', () => {
  it('a hub that stays busy is a network error that names the file list; another listing status is kept as HttpStatusError', async () => {
    const busy = scriptedFetch(new Response(null, { status: 503 }), new Response(null, { status: 503 }));
    const e = await errorOf(resolveModel({ kind: 'hub', id: 'kick-lab/tiny-llama', host: 'https://hub.example' }, { ...fast, fetch: busy.fetch, retries: 1 }));
    expect(e.code).toBe('network');
    expect(e.message).toBe('download of file list failed after 2 attempts (HTTP 503); check the connection and try again');
    const gone = resolveModel({ kind: 'hub', id: 'kick-lab/tiny-llama', host: 'https://hub.example' }, { ...fast, fetch: scriptedFetch(new Response(null, { status: 410 })).fetch });
    await expect(gone).rejects.toBeInstanceOf(HttpStatusError);
    await expect(gone).rejects.toThrow('GET https://hub.example/api/models/kick-lab/tiny-llama/revision/main answered HTTP 410');
  });
});

describe('resolved files made patchable', () => {
  it('indexes both an external-data and an inline model, every weight with a byte range in one buffer', async () => {
    for (const id of ['kick-lab/tiny-llama', 'kick-lab/tiny-gpt2']) {
      const m = await resolveModel({ kind: 'hub', id, host: hub.url }, fast);
      const p = makePatchable(m.files, m.onnxFile);
      expect(p.index.linears.length).toBe(id.endsWith('llama') ? 14 : 8);
      for (const l of p.index.linears) {
        expect(l.data?.location).toBe('model.onnx_data');
        expect(l.data!.offset + l.data!.length).toBeLessThanOrEqual(p.master.length);
      }
      // An external-data source is used as it is: no copy of the weights.
      if (id.endsWith('llama')) expect(p.master).toBe(m.files.get('onnx/model.onnx_data'));
      const store = p.newStore();
      expect(store.source.inMemory).toBe(p.master);
      expect(p.externalData(store.patched)).toEqual([{ path: 'model.onnx_data', data: store.patched }]);
    }
  });

  it('uses a single data file in place under its own name (model_fp16.onnx_data)', () => {
    const model = decodeModel(llama.get('onnx/model.onnx')!);
    for (const t of model.graph.initializers) for (const e of t.externalData ?? []) if (e.key === 'location') e.value = 'model_fp16.onnx_data';
    const data = llama.get('onnx/model.onnx_data')!;
    const p = makePatchable(new Map([['onnx/model_fp16.onnx', encodeModel(model)], ['onnx/model_fp16.onnx_data', data]]), 'onnx/model_fp16.onnx');
    expect(p.dataLocation).toBe('model_fp16.onnx_data');
    expect(p.master).toBe(data);
    expect(p.index.linears.every((l) => l.data?.location === 'model_fp16.onnx_data')).toBe(true);
    expect(p.externalData(p.master)[0].path).toBe('model_fp16.onnx_data');
  });
});
