import { describe, expect, it } from 'vitest';
import { labRunConfigSchema } from '../../src/worker/lab-protocol.ts';
import { parseKickArgs } from './kick-args.ts';
import { CliInputError } from './parse-cli.ts';

function parse(args: string[]) {
  const parsed = parseKickArgs(args);
  if (parsed === 'help') throw new Error('help');
  return parsed;
}

function reject(args: string[]): string {
  try {
    parseKickArgs(args);
  } catch (error) {
    expect(error).toBeInstanceOf(CliInputError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error(`accepted ${args.join(' ')}`);
}

describe('kick runner arguments', () => {
  it('builds a sweep from lists of sparsities and bit widths', () => {
    const { config } = parse(['--model', 'kick-tiny', '--tasks', 'factoid,perplexity', '--method', 'wanda+rtn', '--sparsity', '0.3,0.5', '--bits', '4,3', '--group', '-1', '--limit', '10']);
    expect(config.model).toEqual({ kind: 'builtin', id: 'kick-tiny' });
    expect(config.points.map((p) => p.params)).toEqual([
      { sparsity: 0.3, bits: 4, group: -1 },
      { sparsity: 0.3, bits: 3, group: -1 },
      { sparsity: 0.5, bits: 4, group: -1 },
      { sparsity: 0.5, bits: 3, group: -1 },
    ]);
    expect(config.tasks).toMatchObject({ ids: ['factoid', 'perplexity'], limit: 10 });
    expect(labRunConfigSchema.safeParse(config).success).toBe(true);
  });

  it('reads N:M patterns, hub ids with revisions, URLs, and "dense"', () => {
    const nm = parse(['--model', 'HuggingFaceTB/SmolLM2-135M-Instruct@main', '--tasks', 'all', '--method', 'sparsegpt', '--pattern', '2:4,4:8', '--sparsity', '0.5']);
    expect(nm.config.model).toEqual({ kind: 'hub', id: 'HuggingFaceTB/SmolLM2-135M-Instruct', revision: 'main' });
    expect(nm.config.points.map((p) => p.params.pattern)).toEqual([{ n: 2, m: 4 }, { n: 4, m: 8 }]);
    expect(nm.config.tasks.ids).toHaveLength(7);
    expect(parse(['--model', '/models/kick-tiny', '--tasks', 'perplexity', '--method', 'dense']).config).toMatchObject({ model: { kind: 'url', baseUrl: '/models/kick-tiny/' }, points: [] });
  });

  it('fills in the defaults, and reads the run switches', () => {
    const plain = parse(['--model', 'kick-tiny', '--tasks', 'mcr', '--method', 'magnitude', '--sparsity', '0.5']);
    expect(plain).toMatchObject({ calibTextFile: null, json: false, out: null });
    expect(plain.config).toMatchObject({
      device: 'auto',
      kernels: 'auto',
      batchSize: null,
      dense: true,
      points: [{ spec: 'magnitude', schedule: 'uniform', params: { sparsity: 0.5 } }],
      calibration: { source: 'builtin', nsamples: 16, seqlen: 128, seed: 0, mode: 'one-shot' },
      tasks: { ids: ['mcr'], suite: undefined, limit: null, seed: 0 },
    });
    const tuned = parse([
      '--model', 'kick-tiny', '--tasks', 'mcr', '--method', 'gptq', '--bits', '4', '--act-order', '--sym', '--damp', '0.05',
      '--schedule', 'owl', '--no-dense', '--seed', '7', '--calib-text', 'notes.txt', '--calib-mode', 'sequential', '--suite', 'kick', '--json', '--out', 'r.json',
    ]);
    expect(tuned).toMatchObject({ calibTextFile: 'notes.txt', json: true, out: 'r.json' });
    expect(tuned.config).toMatchObject({
      dense: false,
      points: [{ spec: 'gptq', schedule: 'owl', params: { bits: 4, actOrder: true, sym: true, damp: 0.05 } }],
      calibration: { source: 'text', seed: 7, mode: 'sequential' },
      tasks: { suite: 'kick', seed: 7 },
    });
  });

  it('rejects bad input with one line', () => {
    expect(reject(['--tasks', 'factoid', '--method', 'wanda'])).toMatch(/--model is required/);
    expect(reject(['--model', 'kick-tiny', '--tasks', 'trivia', '--method', 'wanda'])).toMatch(/unknown task "trivia"/);
    expect(reject(['--model', 'not a model', '--tasks', 'factoid', '--method', 'wanda'])).toMatch(/--model must be kick-tiny/);
    expect(reject(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'wanda', '--device', 'cuda'])).toMatch(/--device must be one of auto, wasm, webgpu/);
    expect(reject(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'wanda', '--sparsity', '0.5,lots'])).toMatch(/--sparsity must be a number, got "lots"/);
    expect(reject(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'wanda', '--bits', '4,3.5'])).toMatch(/--bits must be an integer, got "3.5"/);
    expect(reject(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'wanda', '--calib-mode', 'twice'])).toMatch(/--calib-mode must be one-shot or sequential/);
    expect(reject(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'wanda', '--sweep'])).toMatch(/unknown option --sweep/);
    for (const bad of ['0', '2.5', 'many', '257']) {
      expect(reject(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'wanda', '--batch', bad])).toMatch(new RegExp(`--batch must be "auto" or an integer from 1 to 256, got "${bad}"`));
    }
  });

  it('reads the batch size into the run configuration: a number, or auto for the chosen one', () => {
    const base = ['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'dense'];
    expect(parse([...base, '--batch', '8']).config.batchSize).toBe(8);
    expect(parse([...base, '--batch', '1']).config.batchSize).toBe(1);
    expect(parse([...base, '--batch', 'auto']).config.batchSize).toBeNull();
    const parsed = labRunConfigSchema.parse(parse([...base, '--batch', '8']).config);
    expect(parsed.batchSize).toBe(8);
    expect(labRunConfigSchema.parse(parse(base).config).batchSize).toBeNull();
  });

  it('refuses method parameters without a method, and reads --no-clip', () => {
    expect(reject(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'dense', '--bits', '4'])).toBe('--bits needs a compression --method; the dense model takes no method parameters');
    expect(reject(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'dense', '--sparsity', '0.5', '--sym'])).toMatch(/^--sparsity, --sym need a compression --method/);
    expect(reject(['--model', 'kick-tiny', '--tasks', 'factoid'])).toMatch(/--method is required/);
    expect(reject(['--model', 'kick-tiny', '--method', 'wanda'])).toMatch(/--tasks is required \(or --generate PROMPT/);
    expect(reject(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'awq', '--clip', '--no-clip'])).toMatch(/contradict/);
    expect(parse(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'awq', '--no-clip']).config.points[0].params).toEqual({ clip: false });
    expect(parse(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'awq', '--clip']).config.points[0].params).toEqual({ clip: true });
  });

  it('reads --generate: a prompt, one point at most, no task options', () => {
    const dense = parse(['--model', 'kick-tiny', '--generate', 'Once upon']);
    expect(dense.generate).toEqual({ prompt: 'Once upon', maxNewTokens: 32 });
    expect(dense.config.points).toEqual([]);
    const pruned = parse(['--model', 'kick-tiny', '--generate', 'Once upon', '--max-new', '5', '--method', 'wanda', '--sparsity', '0.5']);
    expect(pruned.generate).toEqual({ prompt: 'Once upon', maxNewTokens: 5 });
    expect(pruned.config.points).toEqual([{ spec: 'wanda', schedule: 'uniform', params: { sparsity: 0.5 } }]);
    expect(parse(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'dense']).generate).toBeNull();
    expect(reject(['--model', 'kick-tiny', '--generate', 'x', '--method', 'wanda', '--sparsity', '0.3,0.5'])).toMatch(/--generate compresses one point, and these options make 2/);
    expect(reject(['--model', 'kick-tiny', '--generate', 'x', '--limit', '3', '--no-dense'])).toBe('--generate runs no tasks, so --limit, --no-dense have nothing to do; drop them');
    expect(reject(['--model', 'kick-tiny', '--generate', ' '])).toMatch(/--generate needs a prompt that is not empty/);
    expect(reject(['--model', 'kick-tiny', '--generate', 'x', '--max-new', '0'])).toMatch(/--max-new must be from 1 to 1024, got 0/);
    expect(reject(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'dense', '--max-new', '4'])).toMatch(/--max-new goes with --generate/);
  });
});

describe('kick runner data sources', () => {
  it("reads LLM-KICK's data sets from the built-in copy unless the hub is asked for", () => {
    expect(parse(['--model', 'kick-tiny', '--suite', 'kick', '--tasks', 'mcr', '--method', 'dense']).config.tasks).toMatchObject({ suite: 'kick', data: 'builtin' });
    expect(parse(['--model', 'kick-tiny', '--suite', 'kick', '--tasks', 'mcr', '--method', 'dense', '--data', 'hub']).config.tasks.data).toBe('hub');
    expect(reject(['--model', 'kick-tiny', '--tasks', 'mcr', '--method', 'dense', '--data', 'web'])).toMatch(/--data/);
  });

  it('calibrates on the C4 sample when asked', () => {
    const { config } = parse(['--model', 'kick-tiny', '--tasks', 'mcr', '--method', 'wanda', '--sparsity', '0.5', '--calib-source', 'c4']);
    expect(config.calibration).toMatchObject({ source: 'c4' });
    expect(labRunConfigSchema.safeParse(config).success).toBe(true);
  });
});
