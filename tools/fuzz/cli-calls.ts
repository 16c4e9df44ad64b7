// Bad calls of the command-line tools, each run as a real process: every one must exit non-zero
// with one "error:" line that says what is wrong (or, for a kick run that started and then failed,
// its "kick: N failures" summary), without a stack trace, and none may exit 0.
// npx tsx tools/fuzz/cli-calls.ts [--jobs N] [--only 3,17] prints one line per call, then a JSON summary.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randn } from '../../src/compress/synthetic.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kick-cli-fuzz-'));

function file(name: string, values: Float32Array | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, values);
  return path;
}

function withValues(base: Float32Array, at: Record<number, number>): Float32Array {
  const copy = base.slice();
  for (const [i, v] of Object.entries(at)) copy[Number(i)] = v;
  return copy;
}

const w = randn(8 * 16, 1, 0.02);
const x = randn(32 * 16, 2);
const W = file('w.f32', w);
const X = file('x.f32', x);
const nanW = file('w-nan.f32', withValues(w, { 3: NaN, 9: NaN }));
const infW = file('w-inf.f32', withValues(w, { 5: Infinity, 6: -Infinity }));
const nanX = file('x-nan.f32', withValues(x, { 17: NaN }));
const hugeW = file('w-huge.f32', new Float32Array(8 * 16).map((_, i) => (i % 2 ? 3e38 : -3e38)));
const cutX = file('x-cut.f32', x.subarray(0, x.length - 3));
const empty = file('empty.f32', new Uint8Array(0));
const out = join(dir, 'out.f32');
const base = ['--weight', W, '--shape', '8x16', '--out', out, '--backend', 'cpu'];
const cal = ['--calib', X];

type Call = { tool: 'compress' | 'kick'; args: string[] };
const c = (...args: string[]): Call => ({ tool: 'compress', args });
const k = (...args: string[]): Call => ({ tool: 'kick', args });
const km = ['--model', 'kick-tiny'];

const CALLS: Call[] = [
  c(),
  c('--method', 'rtn'),
  c('--method', 'prune-all', ...base),
  c('--method', 'magnitude+wanda', ...base),
  c('--method', 'wanda+rtn+gptq', ...base, ...cal),
  c('--method', 'magnitude', '--weight', W, '--shape', '8x15', '--out', out),
  c('--method', 'magnitude', '--weight', W, '--shape', '0x16', '--out', out),
  c('--method', 'magnitude', '--weight', W, '--shape', 'abc', '--out', out),
  c('--method', 'magnitude', '--weight', join(dir, 'missing.f32'), '--shape', '8x16', '--out', out),
  c('--method', 'magnitude', ...base, '--sparsity', '1.2'),
  c('--method', 'magnitude', ...base, '--sparsity', '-0.1'),
  c('--method', 'magnitude', ...base, '--sparsity', 'abc'),
  c('--method', 'rtn', ...base, '--bits', '12'),
  c('--method', 'rtn', ...base, '--bits', '1'),
  c('--method', 'rtn', ...base, '--bits', '4.5'),
  c('--method', 'magnitude', ...base, '--pattern', '2:6'),
  c('--method', 'magnitude', ...base, '--pattern', '4:4'),
  c('--method', 'magnitude', ...base, '--pattern', 'x:y'),
  c('--method', 'rtn', ...base, '--group', '0'),
  c('--method', 'rtn', ...base, '--group', '-2'),
  c('--method', 'awq', ...base, ...cal, '--group', '6'),
  c('--method', 'awq', ...base, ...cal, '--group', '32'),
  c('--method', 'sparsegpt', ...base, '--sparsity', '0.5'),
  c('--method', 'wanda', ...base, ...cal, '--rows', '64'),
  c('--method', 'wanda', ...base, '--calib', cutX),
  c('--method', 'wanda', ...base, '--calib', join(dir, 'missing-x.f32')),
  c('--method', 'magnitude', ...base, '--rows', '4'),
  c('--method', 'wanda', ...base, ...cal, '--seqlen', '0'),
  c('--method', 'rtn', '--weight', nanW, '--shape', '8x16', '--out', out, '--backend', 'cpu'),
  c('--method', 'rtn', '--weight', nanW, '--shape', '8x16', '--out', out, '--backend', 'webgpu'),
  c('--method', 'magnitude', '--weight', infW, '--shape', '8x16', '--out', out, '--backend', 'cpu', '--sparsity', '0.5'),
  c('--method', 'gptq', '--weight', nanW, '--shape', '8x16', '--out', out, '--backend', 'cpu', ...cal),
  c('--method', 'wanda', ...base, '--calib', nanX, '--sparsity', '0.5'),
  c('--method', 'sparsegpt', ...base, '--calib', nanX, '--sparsity', '0.5'),
  c('--method', 'rtn', '--weight', hugeW, '--shape', '8x16', '--out', out, '--backend', 'cpu', '--group', '8'),
  c('--method', 'rtn', '--weight', hugeW, '--shape', '8x16', '--out', out, '--backend', 'webgpu', '--group', '8'),
  c('--method', 'rtn', ...base, '--sparsity', '0.5'),
  c('--method', 'magnitude', ...base, '--bits', '4'),
  c('--method', 'gptq', ...base, ...cal, '--clip'),
  c('--method', 'awq', ...base, ...cal, '--clip', '--no-clip'),
  c('--method', 'wanda', ...base, ...cal, '--act-order'),
  c('--method', 'rtn', ...base, '--threshold', '6'),
  c('--method', 'rtn', '--weight', W, '--shape', '8x16', '--out', join(dir, 'no', 'such', 'out.f32'), '--backend', 'cpu'),
  c('--method', 'rtn', '--weight', W, '--shape', '8x16', '--out', dir, '--backend', 'cpu'),
  c('--method', 'gptq', ...base, ...cal, '--damp', '-1'),
  c('--method', 'sparsegpt', ...base, ...cal, '--blocksize', '0'),
  c('--method', 'rtn', '--weight', W, '--shape', '8x16', '--out', out, '--backend', 'cuda'),
  c('--method', 'wanda', ...base, ...cal, '--eval-tokens', 'abc'),
  c('--method', 'rtn', ...base, '--frobnicate'),
  c('--method', 'rtn', ...base, 'extra'),
  c('--method', 'rtn', ...base, '--json=1'),
  c('--method', 'rtn', ...base, '--sym=yes'),
  c('--method', 'rtn', '--weight', '--shape', '8x16', '--out', out),
  c('--method', 'rtn', '--weight', empty, '--shape', '8x16', '--out', out),
  k(),
  k('--model', 'not a model', '--tasks', 'factoid', '--method', 'wanda'),
  k(...km, '--tasks', 'trivia', '--method', 'wanda'),
  k(...km, '--tasks', 'factoid', '--method', 'dense', '--bits', '4'),
  k(...km, '--tasks', 'factoid', '--method', 'rtn', '--sparsity', '0.5'),
  k(...km, '--tasks', 'factoid', '--method', 'magnitude', '--sparsity', '0.5', '--group', '64'),
  k(...km, '--generate', ''),
  k(...km, '--generate', 'x', '--tasks', 'factoid'),
  k(...km, '--generate', 'x', '--method', 'wanda', '--sparsity', '0.3,0.5'),
  k(...km, '--tasks', 'factoid', '--method', 'dense', '--out', join(dir, 'no', 'such', 'out.json')),
  k(...km, '--tasks', 'factoid', '--method', 'dense', '--max-new', '4'),
  k(...km, '--tasks', 'factoid', '--method', 'dense', '--batch', '0'),
  k(...km, '--tasks', 'factoid', '--method', 'wanda', '--calib-text', join(dir, 'missing.txt')),
  k(...km, '--tasks', 'factoid', '--method', 'magnitude', '--pattern', '2:6'),
];

interface Outcome {
  call: string;
  code: number | null;
  ms: number;
  error: string;
  /** Exit 0, no "error:" line, or a stack trace: what the fuzz counts as a failure. */
  problem: string | null;
}

async function runCall(call: Call): Promise<Outcome> {
  const t0 = performance.now();
  let code: number | null = 0;
  let stderr = '';
  try {
    ({ stderr } = await run('npx', ['tsx', `tools/cli/${call.tool}.ts`, ...call.args], { timeout: 240_000 }));
  } catch (error) {
    const e = error as { code: number | null; stderr: string };
    code = e.code;
    stderr = e.stderr ?? '';
  }
  const errors = stderr.split('\n').filter((l) => l.startsWith('error:') || (call.tool === 'kick' && /^kick: \d+ failures?/.test(l)));
  const problem = code === 0 ? 'exit 0' : errors.length !== 1 ? `${errors.length} error lines` : /\n\s+at .+:\d+:\d+/.test(stderr) ? 'stack trace' : null;
  const shown = call.args.map((a) => (a.startsWith(dir) ? a.replace(dir, '$TMP') : a));
  return { call: `${call.tool} ${shown.join(' ')}`, code, ms: Math.round(performance.now() - t0), error: (errors[0] ?? stderr.trim().split('\n').at(-1) ?? '').replaceAll(dir, '$TMP') + (errors[0]?.startsWith('kick:') ? ` / ${stderr.trim().split('\n').at(-1)?.trim()}` : ''), problem };
}

const jobsAt = process.argv.indexOf('--jobs');
const jobs = jobsAt > 0 ? Number(process.argv[jobsAt + 1]) : 2;
const onlyAt = process.argv.indexOf('--only');
const chosen = onlyAt > 0 ? process.argv[onlyAt + 1].split(',').map((n) => Number(n) - 1) : CALLS.map((_, i) => i);
const outcomes: Outcome[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: jobs }, async () => {
    while (next < chosen.length) {
      const i = chosen[next++];
      const o = await runCall(CALLS[i]);
      outcomes.push(o);
      process.stdout.write(`${String(i + 1).padStart(2)} exit ${o.code} ${String(o.ms).padStart(6)} ms ${o.problem ? `FAIL (${o.problem}) ` : ''}${o.call}\n     ${o.error}\n`);
    }
  }),
);
const summary = {
  calls: outcomes.length,
  exit0: outcomes.filter((o) => o.code === 0).length,
  problems: outcomes.filter((o) => o.problem).length,
  exitCodes: Object.fromEntries([...new Set(outcomes.map((o) => o.code))].map((code) => [String(code), outcomes.filter((o) => o.code === code).length])),
  slowestMs: Math.max(...outcomes.map((o) => o.ms)),
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(summary.problems > 0 ? 1 : 0);
