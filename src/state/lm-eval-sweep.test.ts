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
});
