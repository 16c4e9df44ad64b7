import { beforeEach, describe, expect, it, vi } from 'vitest';
import { paperFindingSweep } from '../../test/state/sweep-fixtures.ts';
import type { LabEvent, LabRunInput, LabRunSummary } from '../worker/lab-protocol.ts';
import { DENSE_METHOD, planPoints, pointKey, type PointSpec } from './sweep.ts';

/**
 * The run store's retry after a failed run, with the lab worker replaced by a script: a point lost
 * mid-run leaves the sweep 'failed' with the other points kept, and the retry sends the worker only
 * the missing point, then the sweep is finished. (The worker side of a loss is tested in Chromium:
 * src/worker/lab-run-device-loss.browser.test.ts.)
 */

const fixture = paperFindingSweep();
const recordOf = (spec: PointSpec) => fixture.points.find((p) => p.key === pointKey(spec))!.record;

/** Each call's input, and the compressed point (by key) that fails in the next call. */
const worker = vi.hoisted(() => ({ calls: [] as LabRunInput[], failKey: null as string | null }));

vi.mock('./lab-client.ts', async () => {
  const { planPoints: plan, pointKey: key } = await import('./sweep.ts');
  return {
    async runInLabWorker(input: LabRunInput, onEvent: (event: LabEvent) => void): Promise<LabRunSummary> {
      worker.calls.push(input);
      // The specs sent, as the worker numbers them: -1 for dense, then the compressed points in order.
      const planned = plan(fixture.config);
      const specOf = (p: LabRunInput['points'][number]) => planned.find((s) => s.method === p.spec && s.sparsity === (p.params.sparsity ?? null))!;
      const sent: Array<[number, PointSpec]> = [...(input.dense ? [[-1, planned[0]] as [number, PointSpec]] : []), ...input.points.map((p, i) => [i, specOf(p)] as [number, PointSpec])];
      for (const [point, spec] of sent) {
        if (key(spec) === worker.failKey) {
          onEvent({ type: 'error', error: { point, stage: 'compress', where: 'model.layers.0.self_attn.q_proj', message: 'the GPU device was lost (unknown)', cancelled: false } });
          continue;
        }
        onEvent({ type: 'point', result: { point, label: key(spec), spec: spec.method === 'dense' ? null : spec.method, layers: [], record: recordOf(spec), results: [], failures: [] } });
      }
      return { points: [], errors: [], cancelled: false, device: 'wasm', totalMs: 1 };
    },
  };
});

const { useRun } = await import('./run-store.ts');

beforeEach(() => {
  worker.calls = [];
});

describe('retrying the missing points of a failed run', () => {
  it('keeps the finished points and sends the worker only the missing one', async () => {
    const planned = planPoints(fixture.config);
    const lost = planned.find((p) => p.method === 'wanda' && p.sparsity === 0.5)!;
    worker.failKey = pointKey(lost);
    await useRun.getState().start(fixture.config, null, 'retry test');

    let state = useRun.getState();
    expect(state.phase).toBe('failed');
    expect(state.errors).toHaveLength(1);
    expect(state.errors[0]).toMatchObject({ stage: 'compress', where: 'model.layers.0.self_attn.q_proj', pointLabel: 'wanda 50%' });
    expect(state.sweep!.points).toHaveLength(planned.length - 1);
    expect(worker.calls[0].points).toHaveLength(planned.length - 1);

    worker.failKey = null;
    await useRun.getState().retryMissing();
    state = useRun.getState();
    expect(worker.calls).toHaveLength(2);
    expect(worker.calls[1].dense).toBe(false);
    expect(worker.calls[1].points).toEqual([expect.objectContaining({ spec: 'wanda', params: expect.objectContaining({ sparsity: 0.5 }) })]);
    expect(state.phase).toBe('finished');
    expect(state.errors).toEqual([]);
    expect(state.plan.map(pointKey)).toEqual([pointKey(lost)]);
    expect(state.sweep!.points.map((p) => p.key).sort()).toEqual(planned.map(pointKey).sort());
    expect(state.sweep!.points.find((p) => p.spec.method === DENSE_METHOD)).toBeDefined();

    // Nothing is left to retry.
    await useRun.getState().retryMissing();
    expect(worker.calls).toHaveLength(2);
  });
});
