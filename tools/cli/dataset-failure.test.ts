import { describe, expect, it } from 'vitest';
import type { LabError, LabRunInput } from '../../src/worker/lab-protocol.ts';
import { datasetFailureMessages } from './dataset-failure.ts';

const config = (data: 'builtin' | 'hub'): LabRunInput => ({ model: { kind: 'hub', id: 'HuggingFaceTB/SmolLM2-135M' }, points: [], tasks: { ids: ['mcr', 'perplexity'], suite: 'kick', data } });
const error = (e: Partial<LabError>): LabError => ({ point: -1, stage: 'data', where: null, message: '', cancelled: false, ...e });

describe('data set failures of npm run kick', () => {
  it('names the data set, the hub it was tried on and how to use the built-in copy', () => {
    const messages = datasetFailureMessages(
      [
        error({ where: 'mmlu', message: 'data set "mmlu": download of https://datasets-server.huggingface.co/rows?dataset=cais%2Fmmlu failed after 4 attempts (network error: Failed to fetch)' }),
        error({ stage: 'evaluate', where: 'mcr', message: 'data set "mmlu" is not loaded' }),
      ],
      config('hub'),
    );
    expect(messages).toEqual([
      'data set "mmlu" could not be loaded from the Hugging Face datasets API (--data hub): download of https://datasets-server.huggingface.co/rows?dataset=cais%2Fmmlu failed after 4 attempts (network error: Failed to fetch); to use the copy built into the app instead, run again with --data builtin (the default); only TriviaQA\'s open-book evidence needs the hub',
    ]);
  });

  it('says how to restore a damaged built-in copy, and counts the C4 calibration text once', () => {
    const c4 = error({ point: 0, stage: 'calibrate', where: 'c4', message: 'calibration text could not be loaded: data set "c4": the built-in c4/sample.jsonl does not match its SHA-256' });
    const messages = datasetFailureMessages([c4, { ...c4, point: 1 }], config('builtin'));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^data set "c4" could not be loaded from the copy built into the app \(public\/datasets, --data builtin\): the built-in c4\/sample\.jsonl does not match its SHA-256; restore the built-in copy \(git checkout -- public\/datasets/);
  });

  it('leaves other failures and cancels to the usual exit', () => {
    expect(datasetFailureMessages([error({ stage: 'compress', where: 'model.layers.0.mlp.up_proj', message: 'out of memory' }), error({ where: 'mmlu', cancelled: true })], config('hub'))).toEqual([]);
  });
});
