// npm run kick end to end (a real process, headless Chromium): it exits 1 when any point or task
// failed, still printing its JSON, with a summary of what failed; broken model files, a config
// that belongs to another graph and a server without CORS headers are named for what they are;
// --generate prints greedy continuations with token ids that match an independent decode.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressModel } from '../../src/model/compress/compress-model.ts';
import { createModelSession } from '../../src/model/evaluate/model-session.ts';
import { makePatchable } from '../../src/model/weights/patchable.ts';
import { WeightStore } from '../../src/model/weights/weight-store.ts';
import { referenceDecode } from '../../test/model/reference-decode.ts';
import type { RepoFiles } from '../../test/models/tiny-models.ts';
import { startRepoFolderServer, type RepoFolderServer } from '../../test/servers/repo-folder-server.ts';

const run = promisify(execFile);

async function kick(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'tools/cli/kick.ts', ...args], { timeout: 280_000, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function readRepo(dir: string): RepoFiles {
  const files: RepoFiles = new Map();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), new Uint8Array(readFileSync(path)));
    }
  };
  walk(dir);
  return files;
}

const kickTiny = readRepo('public/models/kick-tiny');
const configWith = (patch: Record<string, unknown>) =>
  new TextEncoder().encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(kickTiny.get('config.json')!)), ...patch }));
const variant = (file: string, bytes: Uint8Array): RepoFiles => new Map([...kickTiny, [file, bytes]]);
const onnx = kickTiny.get('onnx/model.onnx')!;
const data = kickTiny.get('onnx/model.onnx_data')!;

let open: RepoFolderServer;
let closed: RepoFolderServer;
beforeAll(async () => {
  open = await startRepoFolderServer(
    new Map([
      ['gpt2-config', variant('config.json', configWith({ model_type: 'gpt2' }))],
      ['layers-config', variant('config.json', configWith({ num_hidden_layers: 12 }))],
      ['cut-data', variant('onnx/model.onnx_data', data.subarray(0, data.length >> 1))],
      ['cut-onnx', variant('onnx/model.onnx', onnx.subarray(0, Math.floor(onnx.length * 0.6)))],
    ]),
    { cors: true },
  );
  closed = await startRepoFolderServer(new Map([['kick-tiny', kickTiny]]), { cors: false });
});
afterAll(async () => {
  await open?.close();
  await closed?.close();
});

const QUICK = ['--tasks', 'perplexity', '--limit', '1', '--device', 'wasm', '--kernels', 'cpu', '--json'];

function summaryOf(stderr: string): string[] {
  const lines = stderr.split('\n');
  const start = lines.findIndex((l) => l.startsWith('kick: '));
  expect(start, stderr).toBeGreaterThanOrEqual(0);
  return lines.slice(start).filter(Boolean);
}

describe('npm run kick: exit status and failure summary', () => {
  it('exits 1 when one point failed and the others finished, printing the JSON and naming the point, layer and stage', async () => {
    // 1:48 passes the flag checks, but 48 does not divide the model's input width of 256.
    const { code, stdout, stderr } = await kick(['--model', 'kick-tiny', '--method', 'magnitude', '--pattern', '1:48', ...QUICK]);
    expect(code, stderr).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.points.map((p: { label: string }) => p.label)).toEqual(['dense']);
    expect(out.errors).toHaveLength(1);
    expect(summaryOf(stderr)).toEqual([
      'kick: 1 failure; 1 of 2 points finished',
      '  point "magnitude 1:48", at model.layers.0.self_attn.q_proj, stage compress: compress failed at model.layers.0.self_attn.q_proj: N:M 1:48 needs the input width (256) to be a multiple of 48',
    ]);
  }, 300_000);

  for (const [name, pattern] of [
    ['gpt2-config', /config\.json says model_type "gpt2", but the graph's layers are q, k, v, o projections \(a Llama-style decoder\)/],
    ['layers-config', /config\.json says num_hidden_layers = 12, but the graph has 4 decoder layers/],
    ['cut-data', new RegExp(`onnx/model\\.onnx_data is truncated: it has ${data.length >> 1} bytes, but tensor \\S+ reads bytes \\d+\\.\\.\\d+ and the weights need ${data.length}`)],
    ['cut-onnx', new RegExp(`onnx/model\\.onnx is truncated: it has ${Math.floor(onnx.length * 0.6)} bytes, but its contents run to at least \\d+`)],
  ] as const) {
    it(`refuses ${name} before compressing, with exit 1 and the file or setting named`, async () => {
      const { code, stdout, stderr } = await kick(['--model', open.folder(name), '--method', 'magnitude', '--sparsity', '0.5', ...QUICK]);
      expect(code, stderr).toBe(1);
      const out = JSON.parse(stdout);
      expect(out.points).toEqual([]);
      expect(out.errors).toHaveLength(1);
      expect(out.errors[0].message).toMatch(pattern);
      expect(stderr).not.toMatch(/\] compress /);
      expect(summaryOf(stderr)[1]).toMatch(pattern);
    }, 300_000);
  }

  it('a server that answers without CORS headers is reported as a CORS refusal, with the header to send', async () => {
    const { code, stdout, stderr } = await kick(['--model', closed.folder('kick-tiny'), '--method', 'dense', ...QUICK]);
    expect(code, stderr).toBe(1);
    expect(JSON.parse(stdout).errors[0].message).toMatch(/or it answered without an Access-Control-Allow-Origin header/);
    const summary = summaryOf(stderr).join('\n');
    expect(summary).toMatch(/the browser says: Access to fetch at '.*config\.json' from origin '.*' has been blocked by CORS policy/);
    expect(summary).toMatch(/serve the files with "Access-Control-Allow-Origin: \*"/);
  }, 300_000);
});

describe('npm run kick --generate', () => {
  const prompt = 'Ada Lovelace was born in';

  it('prints the dense and the compressed greedy continuations with token ids (JSON), as an independent decode gives them', async () => {
    const { code, stdout, stderr } = await kick(['--model', 'kick-tiny', '--generate', prompt, '--max-new', '6', '--method', 'magnitude', '--sparsity', '0.5', '--device', 'wasm', '--kernels', 'cpu', '--json']);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as { promptIds: number[]; texts: Array<{ label: string; ids: number[]; text: string }> };
    expect(report.texts.map((t) => t.label)).toEqual(['dense', 'magnitude 50%']);

    // The same model in Node (onnxruntime-node), decoded one full pass per token, no cache.
    const patchable = makePatchable(kickTiny);
    const eos = [Number(JSON.parse(new TextDecoder().decode(kickTiny.get('config.json')!)).eos_token_id)];
    const dense = await createModelSession(patchable, patchable.master, { files: kickTiny, device: 'wasm' });
    const promptIds = dense.tokenizer.encode(prompt);
    expect(report.promptIds).toEqual(promptIds);
    const denseIds = await referenceDecode(dense.model, promptIds, 6, eos);
    await dense.dispose();
    expect(report.texts[0].ids).toEqual(denseIds);
    const store = new WeightStore(patchable.master);
    await compressModel(patchable, store, { spec: 'magnitude', params: { sparsity: 0.5 }, backend: 'cpu' });
    const pruned = await createModelSession(patchable, store.patched, { files: kickTiny, device: 'wasm' });
    expect(report.texts[1].ids).toEqual(await referenceDecode(pruned.model, promptIds, 6, eos));
    expect(report.texts[0].text).toBe(pruned.tokenizer.decode(denseIds, { skip_special_tokens: true }));
    await pruned.dispose();
  }, 300_000);

  it('prints them as text too, and refuses what it cannot do', async () => {
    const { code, stdout, stderr } = await kick(['--model', 'kick-tiny', '--generate', prompt, '--max-new', '3', '--device', 'wasm']);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[1]).toBe(`prompt      ${JSON.stringify(prompt)}`);
    expect(lines[2]).toMatch(/^prompt ids  (\d+ )+\d+$/);
    expect(lines[3]).toBe('dense');
    expect(lines[4]).toMatch(/^ {2}text {6}".*"$/);
    expect(lines[5]).toMatch(/^ {2}ids {7}\d+ \d+ \d+$/);
    const refused = await kick(['--model', 'kick-tiny', '--generate', prompt, '--tasks', 'factoid']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--generate runs no tasks, so --tasks has nothing to do/);
  }, 300_000);
});
