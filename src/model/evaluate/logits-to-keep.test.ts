import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyModel, LAYOUT_NAMES } from '../../../test/models/tiny-models.ts';
import { fullLogits } from '../../../test/model/reference-decode.ts';
import { decodeModel } from '../onnx/decode.ts';
import { makePatchable } from '../weights/patchable.ts';
import { forward, logitsAt } from './forward.ts';
import { LOGITS_TO_KEEP_INPUT, logitsToKeepProblem, sessionModelBytes, withLogitsToKeep } from './logits-to-keep.ts';
import { createModelSession, type ModelSession } from './model-session.ts';

describe('withLogitsToKeep', () => {
  it.each(LAYOUT_NAMES)('gives the %s graph the input, slicing what lm_head reads', (layout) => {
    const patchable = makePatchable(buildTinyModel(layout, { seed: 5 }));
    const head = patchable.index.lmHead!.nodeName;
    const before = JSON.stringify(patchable.model.graph.nodes.map((n) => n.inputs));
    const rewritten = withLogitsToKeep(patchable.model, head)!;
    expect(rewritten).not.toBeNull();
    expect(JSON.stringify(patchable.model.graph.nodes.map((n) => n.inputs))).toBe(before);
    expect(rewritten.graph.inputs.map((i) => i.name)).toContain(LOGITS_TO_KEEP_INPUT);
    const lmHead = rewritten.graph.nodes.find((n) => n.name === head)!;
    const slice = rewritten.graph.nodes.find((n) => n.outputs.includes(lmHead.inputs[0]))!;
    expect(slice.opType).toBe('Slice');
    // The slice sits after what produces its input and before lm_head (the graph stays sorted).
    const order = rewritten.graph.nodes.map((n) => n.name);
    expect(order.indexOf(slice.name)).toBeLessThan(order.indexOf(head));
    // What the session loads decodes to the rewritten graph.
    expect(decodeModel(sessionModelBytes(patchable)).graph.inputs.map((i) => i.name)).toContain(LOGITS_TO_KEEP_INPUT);
  });

  it('says why it leaves a graph as it is', () => {
    const patchable = makePatchable(buildTinyModel('llama', { seed: 5 }));
    const head = patchable.index.lmHead!.nodeName;
    expect(logitsToKeepProblem(patchable.model, 'no such node')).toMatch(/no lm_head/);
    expect(logitsToKeepProblem(withLogitsToKeep(patchable.model, head)!, head)).toMatch(/already takes/);
    expect(withLogitsToKeep({ ...patchable.model, opsetImport: [{ version: 9, extra: [] }] }, head)).toBeNull();
  });
});

describe('a session with num_logits_to_keep', () => {
  let session: ModelSession;
  beforeAll(async () => {
    const files = buildTinyModel('llama', { seed: 6 });
    const patchable = makePatchable(files);
    session = await createModelSession(patchable, patchable.master, { files, device: 'wasm' });
  });
  afterAll(() => session?.dispose());

  it('returns the logits of the last positions only, equal to those of a full pass', async () => {
    const ids = [0, 5, 9, 17, 33, 2, 8];
    const full = await fullLogits(session.model, ids);
    expect(full.logits.length).toBe(ids.length * full.vocab);
    for (const keep of [1, 3]) {
      const out = await forward(session.model, { ids: [ids], keepLast: keep });
      expect(out.kept).toBe(keep);
      expect(out.logits.length).toBe(keep * out.vocab);
      for (let p = ids.length - keep; p < ids.length; p++) {
        const got = logitsAt(out, 0, p);
        const want = full.logits.subarray(p * full.vocab, (p + 1) * full.vocab);
        for (let v = 0; v < out.vocab; v++) expect(got[v]).toBeCloseTo(want[v], 4);
      }
      expect(() => logitsAt(out, 0, ids.length - keep - 1)).toThrow(/has no logits/);
    }
    // 0, or more than the pass holds: every position.
    for (const keep of [0, ids.length + 2]) expect((await forward(session.model, { ids: [ids], keepLast: keep })).kept).toBe(ids.length);
  });

  it('keeps the last positions of every row of a batch', async () => {
    const rows = [
      [0, 5, 9, 17],
      [0, 7, 7, 3],
    ];
    const out = await forward(session.model, { ids: rows, keepLast: 1 });
    expect(out.kept).toBe(1);
    for (const [b, r] of rows.entries()) {
      const full = await fullLogits(session.model, r);
      const want = full.logits.subarray((r.length - 1) * full.vocab);
      const got = logitsAt(out, b, r.length - 1);
      for (let v = 0; v < out.vocab; v++) expect(got[v]).toBeCloseTo(want[v], 4);
    }
  });
});
