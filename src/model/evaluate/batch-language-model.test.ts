import { afterAll, beforeAll, describe } from 'vitest';
import { buildTinyModel } from '../../../test/models/tiny-models.ts';
import { LAYOUT_NAMES } from '../../../test/models/layouts.ts';
import { batchSuite } from '../../../test/model/batch-suite.ts';
import { makePatchable } from '../weights/patchable.ts';
import { createModelSession, type ModelSession } from './model-session.ts';

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
