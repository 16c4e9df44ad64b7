import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { fixturePath } from '../../test/interop/upstream.ts';
import { chartData } from './derive.ts';
import { sweepFromLmEval } from './lm-eval-sweep.ts';
import { decodeShare, encodeShare } from './share.ts';
import { validateSweep } from './sweep.ts';

const MMLU = 'lm-eval/saucam-model_evals/Meta-Llama-3-8B-openllm-mmlu.json';

describe('lm-eval output as a sweep', () => {
  test('a real results file becomes a valid finished sweep that charts and travels in a share link', async () => {
    const { sweep } = await sweepFromLmEval([{ name: 'mmlu.json', text: readFileSync(fixturePath(MMLU), 'utf8') }], new Date('2026-12-06T00:00:00Z'));
    expect(validateSweep(sweep)).toEqual(sweep);
    expect(sweep.status).toBe('finished');
    expect(sweep.name).toBe('lm-eval import: meta-llama/Meta-Llama-3-8B');
    expect(sweep.config.tasks).toEqual([{ task: 'mcr', size: 'full' }]);
    expect(sweep.points.map((p) => p.key)).toEqual(['dense']);
    const back = await decodeShare((await encodeShare(sweep)).text);
    expect(back.sweep.points[0].record.origin?.engine).toBe('lm-evaluation-harness');
    expect(back.sweep.points[0].record.scores[0].strict.value).toBe(0.6504059250818972);
    // The strict MMLU score is the chart's dense line, in percent.
    expect(chartData(sweep, 'mcr', 'sparsity', 'strict').dense).toBeCloseTo(65.04059250818972, 10);
    expect(chartData(sweep, 'mcr', 'sparsity', 'kick').dense).toBeNull();
  });

  test('an exported sweep\'s runs, one results file per checkpoint, chart as curves beside dense', async () => {
    const base = JSON.parse(readFileSync(fixturePath('lm-eval/results_2026-01-21T03-44-18.458309.json'), 'utf8')) as Record<string, unknown>;
    const run = (checkpoint: string, kick: number, strict: number, stamp: string) => ({
      name: `results_${stamp}.json`,
      text: JSON.stringify({ ...base, results: { kick_factoid: { 'kick,none': kick, 'strict,none': strict } }, group_subtasks: {}, configs: {}, 'n-samples': { kick_factoid: { original: 200, effective: 200 } }, config: { ...(base.config as object), model: 'vllm', model_args: `pretrained=${checkpoint}` } }),
    });
    const { sweep, notes } = await sweepFromLmEval([
      run('lmsys/vicuna-7b-v1.3', 0.65, 0.6, '2026-12-01T10-00-00.1'),
      run('/scratch/out/models/wanda_s0.5', 0.45, 0.4, '2026-12-01T11-00-00.1'),
      run('/scratch/out/models/magnitude_s0.5', 0.14, 0.1, '2026-12-01T12-00-00.1'),
    ]);
    expect(notes.join('\n')).toMatch(/factoid taken from the aggregate numbers/);
    expect(sweep.points.map((p) => p.key)).toEqual(['dense', 'wanda|s=0.5', 'magnitude|s=0.5']);
    expect(sweep.config.model.id).toBe('lmsys/vicuna-7b-v1.3');
    const chart = chartData(sweep, 'factoid', 'sparsity', 'strict');
    expect(chart.dense).toBeCloseTo(60, 10);
    expect(chart.series.map((c) => [c.key, c.points.map((p) => [p.x, p.y])])).toEqual([
      ['wanda', [[0, 60], [50, 40]]],
      ['magnitude', [[0, 60], [50, 10]]],
    ]);
  });
});
