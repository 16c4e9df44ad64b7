import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { planPoints, type SweepConfig } from '../state/sweep.ts';
import { paperFindingSweep, quantSweep } from '../../test/state/sweep-fixtures.ts';
import { clusterExportFiles, pytorchModelOf } from './cluster-export.ts';
import { pointSlug } from './point.ts';
import { fromYaml } from './yaml-text.ts';

function exportOf(config: SweepConfig, id = 'sweep-x') {
  return clusterExportFiles({ id, name: 'test sweep', config }, planPoints(config));
}

const bash = spawnSync('bash', ['--version']).status === 0;

describe('cluster export folder', () => {
  const config: SweepConfig = {
    ...paperFindingSweep().config,
    model: { id: 'HuggingFaceTB/SmolLM2-135M-Instruct', revision: 'main', dtype: 'fp32' },
    methods: [
      { id: 'sparsegpt', params: { schedule: 'owl' } },
      { id: 'gptq', params: { group: 64 } },
      { id: 'int8', params: {} },
      { id: 'wanda+rtn', params: {} },
    ],
    sparsities: [0, 0.5],
    patterns: ['2:4'],
    bits: [4, 3],
    tasks: [{ task: 'factoid', size: 50 }, { task: 'mcr', size: 50 }, { task: 'icr_closed', size: 50 }, { task: 'summarization', size: 5 }],
    calibration: { dataset: 'c4', samples: 128, seqLen: 2048, seed: 0, mode: 'sequential' },
  };
  const files = exportOf(config);
  const plan = planPoints(config);

  test('one recipe per compressed point llm-compressor can run, all parseable', () => {
    const expected = plan.filter((p) => p.method !== 'dense' && p.method !== 'int8').map((p) => `recipes/${pointSlug(p)}.yaml`);
    const recipes = Object.keys(files).filter((f) => f.startsWith('recipes/'));
    expect(recipes.sort()).toEqual(expected.sort());
    for (const r of recipes) expect(fromYaml(files[r])).toHaveProperty('oneshot_stage');
  });

  test('run.sh compresses then evaluates every point with lm_eval, printing each command', () => {
    const sh = files['run.sh'];
    expect(sh).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(sh).toContain('set -euo pipefail');
    expect(sh).toMatch(/run\(\) \{ printf "\+ %s\\n" "\$\*" >&2; "\$@"; \}/);
    expect(sh).toContain('run lm_eval --model "$3"');
    expect(sh).toContain('evaluate dense "$MODEL" vllm');
    expect(sh).toContain('TASKS=\'kick_factoid,kick_mmlu_kick,kick_mmlu_strict,kick_triviaqa_closed\'');
    expect(sh).toContain('LIMIT_ARGS=(--limit "${LIMIT:-50}")');
    for (const p of plan.filter((q) => q.method !== 'dense' && q.method !== 'int8')) {
      const slug = pointSlug(p);
      expect(sh).toContain(`compress ${slug} recipes/${slug}.yaml\n`);
      expect(sh).toContain(`evaluate ${slug} "$OUT/models/${slug}" ${p.bits === 3 ? 'hf' : 'vllm'}\n`);
    }
    expect(sh).not.toContain('int8');
  });

  test.skipIf(!bash)('run.sh is valid bash and prints each command before it runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kick-run-'));
    for (const [name, text] of Object.entries(files)) {
      const path = join(dir, name.replaceAll('/', '__'));
      writeFileSync(path, text);
    }
    expect(spawnSync('bash', ['-n', join(dir, 'run.sh')], { encoding: 'utf8' }).status).toBe(0);
    // Stand-ins for python and lm_eval on PATH: the script's own order of commands comes out.
    const bin = join(dir, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    for (const tool of ['python', 'lm_eval']) writeFileSync(join(bin, tool), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const res = spawnSync('bash', [join(dir, 'run.sh')], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, OUT: join(dir, 'out') } });
    expect(res.status).toBe(0);
    const printed = res.stderr.split('\n').filter((l) => l.startsWith('+ '));
    expect(printed[0]).toMatch(/^\+ lm_eval --model vllm --model_args pretrained=HuggingFaceTB\/SmolLM2-135M-Instruct,tensor_parallel_size=1,max_model_len=2048,.* --tasks kick_factoid,kick_mmlu_kick,kick_mmlu_strict,kick_triviaqa_closed --include_path .* --limit 50 --log_samples --output_path .*\/out\/results\/dense$/);
    expect(printed[1]).toMatch(/^\+ python .*compress\.py --model HuggingFaceTB\/SmolLM2-135M-Instruct --recipe .*recipes\/sparsegpt_s0\.5\.yaml --output .*models\/sparsegpt_s0\.5 --calibration c4 --samples 128 --seq-len 2048 --seed 0 --pipeline sequential$/);
    expect(printed.length).toBe(1 + 2 * plan.filter((p) => p.method !== 'dense' && p.method !== 'int8').length);
  });

  test('the README names what llm-compressor and lm-eval lack, the GPUs, packages and commits', () => {
    const readme = files['README.md'];
    expect(readme).toMatch(/int8 \(LLM\.int8.*not exported/);
    expect(readme).toMatch(/`gptq_b3`: gptq 3-bit: vLLM serves integer weights of 4 and 8 bits only/);
    expect(readme).toMatch(/`wanda-rtn_nm2-4_b3`/);
    expect(readme).toMatch(/Not exported: summarization/);
    expect(readme).toMatch(/GPUs:/);
    expect(readme).toMatch(/llm-compressor .*vllm-project\/llm-compressor@[0-9a-f]{40}/);
    expect(readme).toMatch(/EleutherAI\/lm-evaluation-harness@[0-9a-f]{40}/);
  });

  test('the task folder holds only the tasks the sweep ran, with utils.py', () => {
    const tasks = Object.keys(files).filter((f) => f.startsWith('tasks/kick/'));
    expect(tasks).toContain('tasks/kick/utils.py');
    expect(tasks).toContain('tasks/kick/kick_factoid.yaml');
    expect(tasks).not.toContain('tasks/kick/kick_wikitext.yaml');
    expect(tasks).not.toContain('tasks/kick/kick_triviaqa_open.yaml');
  });

  test('kick-tiny has no PyTorch checkpoint: run.sh asks for MODEL; ONNX re-exports map to their originals', () => {
    const tiny = exportOf(quantSweep().config);
    expect(tiny['run.sh']).toContain('MODEL="${MODEL:?set MODEL');
    expect(pytorchModelOf('onnx-community/Llama-3.2-1B-Instruct')).toBe('meta-llama/Llama-3.2-1B-Instruct');
    expect(pytorchModelOf('HuggingFaceTB/SmolLM2-135M-Instruct')).toBe('HuggingFaceTB/SmolLM2-135M-Instruct');
  });
});
