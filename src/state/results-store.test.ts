import { beforeEach, describe, expect, it } from 'vitest';
import { paperFindingSweep } from '../../test/state/sweep-fixtures.ts';
import { useResults } from './results-store.ts';
import { encodeShare } from './share.ts';

describe('results store', () => {
  beforeEach(() => useResults.getState().close());

  it('opens a share link into the shown sweep, and a bad one into an error', async () => {
    const { text, dropped } = await encodeShare(paperFindingSweep(), 8000);
    expect(dropped).toContain('examples');
    await useResults.getState().openShare(text);
    let s = useResults.getState();
    expect(s.shareError).toBeNull();
    expect(s.origin).toBe('share');
    expect(s.dropped).toEqual(dropped);
    expect(s.sweep!.points.map((p) => p.record.scores.map((t) => [t.kick, t.strict, t.drop]))).toEqual(
      paperFindingSweep().points.map((p) => p.record.scores.map((t) => [t.kick, t.strict, t.drop])),
    );
    await useResults.getState().openShare(text.slice(0, -5));
    s = useResults.getState();
    expect(s.sweep).toBeNull();
    expect(s.shareError).toMatch(/damaged/);
  });

  it('marks reproduction against a re-run and clears it when another sweep is shown', () => {
    useResults.getState().show(paperFindingSweep(), 'example');
    useResults.getState().setRerun(paperFindingSweep());
    expect(useResults.getState().reproduction!.notReproduced).toBe(0);
    useResults.getState().show(paperFindingSweep(), 'history');
    expect(useResults.getState().reproduction).toBeNull();
  });
});
