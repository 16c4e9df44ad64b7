import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { labRunConfigSchema } from '../../src/worker/lab-protocol.ts';
import { parseKickArgs, type KickCli } from './kick-args.ts';
import { exportSweepOf, writeClusterExport } from './kick-export.ts';

function configOf(argv: string[]) {
  const cli = parseKickArgs(argv) as KickCli;
  return { cli, config: labRunConfigSchema.parse(cli.config) };
}

describe('npm run kick -- --export DIR', () => {
  test('the options become one method with its levels, dense first', () => {
    const { cli, config } = configOf(['--model', 'HuggingFaceTB/SmolLM2-135M-Instruct', '--tasks', 'factoid,mcr', '--method', 'sparsegpt', '--sparsity', '0.3,0.5', '--pattern', 'unstructured,2:4', '--damp', '0.02', '--schedule', 'owl', '--limit', '40', '--export', 'out-dir']);
    expect(cli.exportDir).toBe('out-dir');
    const { sweep, points } = exportSweepOf(config, 'id-1');
    expect(points).toEqual([
      { method: 'dense', sparsity: null, pattern: null, bits: null },
      { method: 'sparsegpt', sparsity: 0.3, pattern: null, bits: null },
      { method: 'sparsegpt', sparsity: 0.5, pattern: null, bits: null },
      { method: 'sparsegpt', sparsity: null, pattern: '2:4', bits: null },
    ]);
    expect(sweep.config.methods).toEqual([{ id: 'sparsegpt', params: { damp: 0.02, schedule: 'owl' } }]);
    expect(sweep.config.tasks).toEqual([{ task: 'factoid', size: 40 }, { task: 'mcr', size: 40 }]);
  });

  test('writes the folder with an executable run.sh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kick-export-'));
    const { config } = configOf(['--model', 'HuggingFaceTB/SmolLM2-135M-Instruct', '--tasks', 'icr_open', '--method', 'gptq', '--bits', '4,3', '--export', dir]);
    const written = writeClusterExport(config, dir, 'id-2');
    expect(written).toEqual(expect.arrayContaining(['run.sh', 'README.md', 'compress.py', 'recipes/gptq_b4.yaml', 'recipes/gptq_b3.yaml', 'tasks/kick/kick_triviaqa_open.yaml', 'tasks/kick/utils.py']));
    for (const f of written) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(statSync(join(dir, 'run.sh')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(dir, 'run.sh'), 'utf8')).toContain('evaluate gptq_b3 "$OUT/models/gptq_b3" hf');
  });
});
