// The compress CLI refuses, with exit 2 and one line, what it used to accept silently: NaN and Inf
// in the inputs, parameters a method does not take, an output folder that does not exist, an AWQ
// group that does not divide the width; an overflowing method exits 1. And --no-clip reproduces
// the authors' no-clip AWQ.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { randn } from '../../src/compress/synthetic.ts';
import { sharedRoot } from '../shared-files.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kick-cli-refusals-'));

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
const nanW = (() => {
  const w = randn(8 * 16, 1, 0.02);
  w.set([NaN, NaN, Infinity], 20);
  return file('w-nan.f32', w);
})();
const nanX = (() => {
  const x = randn(32 * 16, 2);
  x[40] = NaN;
  return file('x-nan.f32', x);
})();
const hugeW = file('w-huge.f32', new Float32Array(8 * 16).map((_, i) => (i % 2 ? 3e38 : -3e38)));
const out = join(dir, 'out.f32');

function errorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.startsWith('error:'));
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('compress CLI refusals', () => {
  it('refuses non-finite inputs, untaken parameters and a missing output folder with exit 2, before any work', async () => {
    const shape = ['--shape', '8x16'];
    const cases: Array<[string[], RegExp]> = [
      [['--method', 'rtn', '--weight', nanW, ...shape, '--out', out], /weight file \S+w-nan\.f32 has 3 non-finite values \(2 NaN, 1 Inf\), the first at row 1, column 4/],
      [['--method', 'magnitude', '--weight', nanW, ...shape, '--out', out, '--sparsity', '0.5'], /w-nan\.f32 has 3 non-finite values/],
      [['--method', 'wanda', '--weight', W, ...shape, '--out', out, '--calib', nanX, '--sparsity', '0.5'], /calibration file \S+x-nan\.f32 has 1 non-finite value \(1 NaN\), the first at row 2, column 8/],
      [['--method', 'sparsegpt', '--weight', W, ...shape, '--out', out, '--calib', nanX, '--sparsity', '0.5'], /x-nan\.f32 has 1 non-finite value/],
      [['--method', 'rtn', '--weight', W, ...shape, '--out', out, '--sparsity', '0.5'], /--sparsity does not apply to rtn; it takes --bits, --group, --sym/],
      [['--method', 'magnitude', '--weight', W, ...shape, '--out', out, '--sparsity', '0.5', '--bits', '4', '--damp', '0.1'], /--bits, --damp do not apply to magnitude; it takes --sparsity, --pattern/],
      [['--method', 'gptq', '--weight', W, ...shape, '--out', out, '--calib', X, '--clip'], /--clip\/--no-clip does not apply to gptq/],
      [['--method', 'awq', '--weight', W, ...shape, '--out', out, '--calib', X, '--clip', '--no-clip'], /--clip and --no-clip contradict each other/],
      [['--method', 'awq', '--weight', W, ...shape, '--out', out, '--calib', X, '--group', '6'], /AWQ needs the group size to divide the input width, as llm-awq does: 6 does not divide 16/],
      [['--method', 'awq', '--weight', W, ...shape, '--out', out, '--calib', X, '--group', '32'], /32 does not divide 16/],
      [['--method', 'rtn', '--weight', W, ...shape, '--out', join(dir, 'missing', 'out.f32')], /--out \S+: folder \S+missing does not exist/],
      [['--method', 'rtn', '--weight', W, ...shape, '--out', dir], /is a folder; give a file name/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stdout, stderr } = await cli([...args, '--backend', 'cpu']);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout, args.join(' ')).toBe('');
      expect(errorLine(stderr), args.join(' ')).toMatch(pattern);
    }
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  }, 600_000);

  it('exits 1 when a method turns finite inputs into NaN, on WebGPU and on the twin, and prints no report', async () => {
    for (const backend of ['webgpu', 'cpu']) {
      const { code, stdout, stderr } = await cli(['--method', 'rtn', '--weight', hugeW, '--shape', '8x16', '--out', out, '--group', '8', '--backend', backend]);
      expect(code, backend).toBe(1);
      expect(stdout).toBe('');
      expect(errorLine(stderr)).toMatch(/rtn turned finite inputs into 128 non-finite values \(128 NaN\)/);
    }
  }, 300_000);

  const shared = sharedRoot();
  it.skipIf(!shared)("reproduces the authors' no-clip AWQ with --no-clip (skipped without ../shared/golden)", async () => {
    const g = join(shared as string, 'golden');
    const inputs = join(g, 'inputs/o256_i512_seed1234');
    const expected = new Float32Array(readFileSync(join(g, 'awq_w4_g128__o256_i512/out.f32')).buffer.slice(0));
    const args = ['--method', 'awq', '--weight', join(inputs, 'W.f32'), '--shape', '256x512', '--calib', join(inputs, 'X.f32'), '--rows', '512', '--seqlen', '64', '--bits', '4', '--group', '128', '--json'];
    const maxDiff = (path: string) => {
      const got = new Float32Array(readFileSync(path).buffer.slice(0));
      let m = 0;
      for (let i = 0; i < got.length; i++) m = Math.max(m, Math.abs(got[i] - expected[i]));
      return m;
    };
    for (const backend of ['webgpu', 'cpu']) {
      const target = join(dir, `awq-noclip-${backend}.f32`);
      const { code, stdout, stderr } = await cli([...args, '--no-clip', '--out', target, '--backend', backend]);
      expect(code, stderr).toBe(0);
      expect(JSON.parse(stdout.trim().split('\n').at(-1) as string).params).toEqual({ bits: 4, group: 128, clip: false });
      // The golden README: out without clip agrees to better than 1e-6.
      expect(maxDiff(target), backend).toBeLessThan(1e-6);
    }
    // The default searches clipping ranges, so it does not give the no-clip output.
    const clipped = join(dir, 'awq-clip.f32');
    expect((await cli([...args, '--out', clipped, '--backend', 'webgpu'])).code).toBe(0);
    expect(maxDiff(clipped)).toBeGreaterThan(1e-4);
  }, 400_000);
});
