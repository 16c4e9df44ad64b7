// The compress CLI end to end: a real process, real files, WebGPU in headless Chromium.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { randn } from '../../src/compress/synthetic.ts';
import { sharedRoot } from '../shared-files.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kick-cli-'));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'tools/cli/compress.ts', ...args], { timeout: 170_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function file(name: string, values: Float32Array): string {
  const path = join(dir, name);
  writeFileSync(path, values);
  return path;
}

const W = file('w.f32', randn(8 * 16, 1, 0.02));
const X = file('x.f32', randn(32 * 16, 2));
const out = join(dir, 'out.f32');

/** The error line a rejected run printed: exactly one "error:" line, plus the usage line. */
function errorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.startsWith('error:'));
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('compress CLI', () => {
  it('rejects bad input with one clear line and a non-zero exit', async () => {
    const base = ['--weight', W, '--shape', '8x16', '--out', out];
    const cases: Array<[string[], RegExp]> = [
      [['--method', 'prune-all', ...base], /unknown method "prune-all"/],
      [['--method', 'magnitude', '--weight', W, '--shape', '8x15', '--out', out], /has 512 bytes, but shape 8x15 needs 480/],
      [['--method', 'wanda', ...base, '--calib', X, '--rows', '64'], /calibration width 8 .* does not match the weight's input width 16/],
      [['--method', 'magnitude', ...base, '--sparsity', '1.2'], /sparsity must be in \[0, 1\)/],
      [['--method', 'rtn', ...base, '--bits', '12'], /bits must be an integer in 2..8/],
      [['--method', 'magnitude', ...base, '--pattern', '2:6'], /multiple of 6/],
      [['--method', 'sparsegpt', ...base, '--sparsity', '0.5'], /needs calibration activations/],
      [['--method', 'magnitude', '--shape', '8x16', '--out', out], /--weight is required/],
      [['--method', 'magnitude', ...base, '--frobnicate'], /unknown option --frobnicate/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stderr } = await cli([...args, '--backend', 'cpu']);
      expect(code, args.join(' ')).toBe(2);
      expect(errorLine(stderr)).toMatch(pattern);
    }
  }, 300_000);

  it('prints its help, from the usage line to the file format', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('usage: npm run compress -- --method ID --weight W.f32 --shape OUTxIN --out OUT.f32 [options]');
    for (const option of ['--calib X.f32', '--rows N', '--seqlen L', '--sparsity S', '--group G|-1', '--act-order', '--backend webgpu|cpu', '--eval-tokens N', '--json']) {
      expect(lines.some((l) => l.trimStart().startsWith(option)), option).toBe(true);
    }
    expect(lines.at(-1)).toMatch(/^files: little-endian float32/);
  }, 60_000);

  const shared = sharedRoot();
  it.skipIf(!shared)('reproduces a golden GPTQ case on WebGPU and on the twin (skipped without ../shared/golden)', async () => {
    const g = join(shared as string, 'golden');
    const inputs = join(g, 'inputs/o256_i512_seed1234');
    const expected = new Float32Array(readFileSync(join(g, 'gptq_w4_g128_asym__o256_i512/out.f32')).buffer.slice(0));
    const golden = JSON.parse(readFileSync(join(g, 'gptq_w4_g128_asym__o256_i512/case.json'), 'utf8'));
    for (const backend of ['webgpu', 'cpu']) {
      const target = join(dir, `gptq-${backend}.f32`);
      const { code, stdout, stderr } = await cli([
        '--method', 'gptq', '--weight', join(inputs, 'W.f32'), '--shape', '256x512',
        '--calib', join(inputs, 'X.f32'), '--rows', '512', '--seqlen', '64',
        '--bits', '4', '--group', '128', '--out', target, '--backend', backend, '--json',
      ]);
      expect(code, stderr).toBe(0);
      const report = JSON.parse(stdout.trim().split('\n').at(-1) as string);
      expect(report).toMatchObject({ method: 'gptq', backend, bits: 4, shape: [256, 512] });
      expect(report.outputErr).toBeCloseTo(golden.stats.rel_output_err_on_X, 3);
      const got = new Float32Array(readFileSync(target).buffer.slice(0));
      let differing = 0;
      for (let i = 0; i < got.length; i++) if (Math.abs(got[i] - expected[i]) > 1e-6) differing++;
      // GPTQ tolerance from the golden README: about 0.1% one-step code flips at most.
      expect(differing / got.length).toBeLessThan(1e-3);
    }
  }, 300_000);
});
