import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyModel } from '../../../test/models/tiny-models.ts';
import { LAYOUT_NAMES } from '../../../test/models/layouts.ts';
import { batchSuite } from '../../../test/model/batch-suite.ts';
import { makePatchable } from '../weights/patchable.ts';
import { leftPaddingProblem } from './forward.ts';
import { createModelSession, type ModelSession } from './model-session.ts';
import { SessionLanguageModel } from './session-language-model.ts';

/** Batched against one-at-a-time evaluation on onnxruntime-node, on the tiny decoder of every export layout. */
describe.each(LAYOUT_NAMES)('%s', (layout) => {
  let session: ModelSession;
  beforeAll(async () => {
    const files = buildTinyModel(layout, { seed: 50 });
    const patchable = makePatchable(files);
    session = await createModelSession(patchable, patchable.master, { files, device: 'wasm' });
  });
  afterAll(() => session?.dispose());
  batchSuite('batched', () => session);
});

describe('models that cannot take left padding', () => {
  it('are named by their graph: no position_ids input, or GroupQueryAttention', () => {
    for (const layout of LAYOUT_NAMES) expect(leftPaddingProblem(makePatchable(buildTinyModel(layout, { seed: 51 })).model.graph)).toBeNull();
    const inputs = [{ name: 'input_ids' }, { name: 'attention_mask' }];
    expect(leftPaddingProblem({ inputs, nodes: [] })).toMatch(/no position_ids/);
    expect(leftPaddingProblem({ inputs: [...inputs, { name: 'position_ids' }], nodes: [{ opType: 'GroupQueryAttention' }] })).toMatch(/GroupQueryAttention/);
  });

  it('evaluate one example at a time, and refuse a larger batch with the reason', async () => {
    const files = buildTinyModel('gpt2', { seed: 52 });
    const patchable = makePatchable(files);
    const real = await createModelSession(patchable, patchable.master, { files, device: 'wasm' });
    try {
      const session: ModelSession = { ...real, leftPaddingProblem: 'the model takes no position_ids' };
      const lm = new SessionLanguageModel(session);
      expect(lm.batchSize).toBe(1);
      expect(lm.batchReason).toMatch(/no position_ids/);
      expect(() => new SessionLanguageModel(session, { batchSize: 8 })).toThrow(/batch size 8 .* no position_ids/);
      expect(new SessionLanguageModel(session, { batchSize: 1 }).batchSize).toBe(1);
    } finally {
      await real.dispose();
    }
  });
});

describe('a config the batch rule cannot read', () => {
  it('evaluates one example at a time and says why', async () => {
    const files = buildTinyModel('llama', { seed: 53 });
    const patchable = makePatchable(files);
    const real = await createModelSession(patchable, patchable.master, { files, device: 'wasm' });
    try {
      const { num_hidden_layers: _, ...config } = real.config;
      const lm = new SessionLanguageModel({ ...real, config });
      expect(lm.batchSize).toBe(1);
      expect(lm.batchReason).toMatch(/layer count/);
      expect(new SessionLanguageModel(real).batchSize).toBeGreaterThan(1);
    } finally {
      await real.dispose();
    }
  });
});
