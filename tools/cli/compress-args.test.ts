import { describe, expect, it } from 'vitest';
import { parseCompressArgs } from './compress-args.ts';
import { CliInputError } from './parse-cli.ts';

const base = ['--method', 'wanda', '--weight', 'w.f32', '--shape', '256x512', '--out', 'o.f32'];

function reject(args: string[]): string {
  try {
    parseCompressArgs(args);
  } catch (error) {
    expect(error).toBeInstanceOf(CliInputError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error(`accepted ${args.join(' ')}`);
}

describe('compress CLI arguments', () => {
  it('parses a full job', () => {
    const job = parseCompressArgs([
      ...base,
      '--calib', 'x.f32', '--rows', '512', '--seqlen', '64',
      '--sparsity', '0.5', '--pattern', '2:4', '--bits', '4', '--group', '-1', '--sym', '--act-order',
      '--damp', '0.02', '--blocksize', '64', '--backend', 'cpu', '--json',
    ]);
    expect(job).toMatchObject({
      spec: 'wanda',
      rows: 256,
      cols: 512,
      backend: 'cpu',
      json: true,
      calib: { path: 'x.f32', tokens: 512, seqlen: 64 },
      params: { sparsity: 0.5, pattern: { n: 2, m: 4 }, bits: 4, group: -1, sym: true, actOrder: true, damp: 0.02, blocksize: 64 },
    });
  });

  it('defaults to WebGPU and leaves unset parameters out', () => {
    const job = parseCompressArgs(base);
    expect(job).not.toBe('help');
    if (job === 'help') return;
    expect(job.backend).toBe('webgpu');
    expect(job.params).toEqual({});
    expect(job.calib).toBeNull();
    expect(job.evalTokens).toBe(512);
    expect(job.json).toBe(false);
  });

  it('reads the calibration file without a token count, and the shared switches', () => {
    const job = parseCompressArgs([...base, '--calib', 'x.f32', '--clip', '--threshold', '6', '--eval-tokens', '64']);
    expect(job).toMatchObject({ calib: { path: 'x.f32', tokens: null, seqlen: null }, params: { clip: true, threshold: 6 }, evalTokens: 64 });
  });

  it('answers --help without checking the required options', () => {
    expect(parseCompressArgs(['--help'])).toBe('help');
  });

  it('rejects malformed input with one line each', () => {
    expect(reject(base.slice(2))).toMatch(/--method is required/);
    expect(reject([...base.slice(0, 4), '--shape', '256by512', ...base.slice(6)])).toMatch(/--shape must be OUTxIN/);
    expect(reject([...base, '--sparsity', 'half'])).toMatch(/--sparsity must be a number/);
    expect(reject([...base, '--pattern', '2-4'])).toMatch(/--pattern must be/);
    expect(reject([...base, '--group', '12.5'])).toMatch(/--group must be an integer/);
    expect(reject([...base, '--backend', 'cuda'])).toMatch(/--backend must be webgpu or cpu/);
    expect(reject([...base, '--rows', '8'])).toMatch(/--calib, which is missing/);
    expect(reject([...base, '--bits', '3.5'])).toMatch(/--bits must be an integer/);
    expect(reject([...base, '--frobnicate'])).toMatch(/unknown option --frobnicate/);
    expect(reject([...base, '--sparsty', '0.5'])).toMatch(/did you mean --sparsity/);
  });
});
