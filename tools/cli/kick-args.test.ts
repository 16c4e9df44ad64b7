import { describe, expect, it } from 'vitest';
import { labRunConfigSchema } from '../../src/worker/lab-protocol.ts';
import { CliInputError } from './args.ts';
import { parseKickArgs } from './kick-args.ts';

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
    return (error as Error).message;
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

  it('rejects bad input with one line', () => {
    expect(reject(['--tasks', 'factoid', '--method', 'wanda'])).toMatch(/--model is required/);
    expect(reject(['--model', 'kick-tiny', '--tasks', 'trivia', '--method', 'wanda'])).toMatch(/unknown task "trivia"/);
    expect(reject(['--model', 'not a model', '--tasks', 'factoid', '--method', 'wanda'])).toMatch(/--model must be kick-tiny/);
    expect(reject(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'wanda', '--device', 'cuda'])).toMatch(/--device must be one of auto, wasm, webgpu/);
    expect(reject(['--model', 'kick-tiny', '--tasks', 'factoid', '--method', 'wanda', '--sparsity', 'lots'])).toMatch(/--sparsity must be a number/);
  });
});
