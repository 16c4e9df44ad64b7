import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/tasks/record.ts';
import { DATASET_EXIT_CODE } from './dataset-failure.ts';

/**
 * `npm run kick` itself, in a child process whose Chromium resolves no host but this machine's
 * (KICK_OFFLINE=1): LLM-KICK's tasks run on the built-in copy, and the hub fails loudly.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TIMEOUT_MS = 300_000;

function kick(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'tools/cli/kick.ts', '--model', 'kick-tiny', '--suite', 'kick', '--method', 'dense', '--device', 'wasm', '--kernels', 'cpu', '--limit', '1', '--json', ...args], {
    cwd: root,
    env: { ...process.env, KICK_OFFLINE: '1' },
    encoding: 'utf8',
    timeout: TIMEOUT_MS - 10_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function contentHash(stored: string): string {
  const bytes = readFileSync(join(root, 'public/datasets', stored));
  return createHash('sha256').update(stored.endsWith('.gz') ? gunzipSync(bytes) : bytes).digest('hex');
}

describe('npm run kick without a network', () => {
  it('evaluates on the built-in data sets, recording each file with the hash of its bytes', { timeout: TIMEOUT_MS }, () => {
    const run = kick(['--tasks', 'summarization,perplexity']);
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as { points: { record: RunRecord }[]; errors: unknown[] };
    expect(output.errors).toEqual([]);
    const [dense] = output.points;
    expect(dense.record.scores.map((s) => s.task)).toEqual(['summarization', 'perplexity']);
    const manifest = JSON.parse(readFileSync(join(root, 'public/datasets/manifest.json'), 'utf8')) as { files: { path: string; stored: string }[] };
    const stored = new Map(manifest.files.map((f) => [f.path, f.stored]));
    expect(dense.record.suite.flatMap((s) => s.files!.map((f) => f.path))).toEqual(['cnn_stories/stories.jsonl', 'cnn_stories/prompt.jsonl', 'cnn_stories/reviewer.jsonl', 'wikitext2/test.txt']);
    for (const entry of dense.record.suite) {
      expect(entry.source).toBe('builtin:public/datasets');
      for (const f of entry.files!) expect(f.sha256, f.path).toBe(contentHash(stored.get(f.path)!));
    }
  });

  it('exits non-zero when the hub is chosen, naming each data set, the hub and the built-in way', { timeout: TIMEOUT_MS }, () => {
    const run = kick(['--tasks', 'factoid,perplexity', '--data', 'hub']);
    expect(run.status).toBe(DATASET_EXIT_CODE);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors).toHaveLength(2);
    for (const [line, dataset] of errors.map((l, i) => [l, ['freebaseqa', 'wikitext2'][i]])) {
      expect(line).toContain(`data set "${dataset}" could not be loaded from the Hugging Face datasets API (--data hub)`);
      expect(line).toContain('run again with --data builtin');
    }
    // The output is still printed, for what did finish.
    expect(JSON.parse(run.stdout)).toHaveProperty('errors');
  });
});
