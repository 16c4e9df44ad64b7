import { afterEach, describe, expect, it } from 'vitest';
import { manyLayers, manyPlannedPoints, manyTaskEntries } from '../../test/state/hostile-links.ts';
import { paperFindingConfig, paperFindingSweep, quantSweep } from '../../test/state/sweep-fixtures.ts';
import { deleteHistoryDatabase, HistoryError, SweepHistory } from './history.ts';
import { pointKey } from './sweep.ts';

const opened: Array<{ h: SweepHistory; name: string }> = [];

async function freshHistory(): Promise<{ h: SweepHistory; name: string }> {
  const name = `kick-lab-history-test-${Math.random().toString(36).slice(2)}`;
  const entry = { h: await SweepHistory.open(name), name };
  opened.push(entry);
  return entry;
}

/** Writes a value straight into the store, as an older app version (or a hand) could have. */
async function putRaw(name: string, value: unknown): Promise<void> {
  const raw = indexedDB.open(name);
  await new Promise<void>((resolve, reject) => {
    raw.onsuccess = () => {
      const tx = raw.result.transaction('sweeps', 'readwrite');
      tx.objectStore('sweeps').put(value);
      tx.oncomplete = () => {
        raw.result.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
    raw.onerror = () => reject(raw.error);
  });
}

/** Every value in the store as stored, without the app's reading. */
async function rawValues(name: string): Promise<string> {
  const raw = indexedDB.open(name);
  return new Promise<string>((resolve, reject) => {
    raw.onsuccess = () => {
      const req = raw.result.transaction('sweeps').objectStore('sweeps').getAll();
      req.onsuccess = () => {
        raw.result.close();
        resolve(JSON.stringify(req.result));
      };
      req.onerror = () => reject(req.error);
    };
    raw.onerror = () => reject(raw.error);
  });
}

afterEach(async () => {
  const all = opened.splice(0);
  for (const { h } of all) h.close();
  for (const name of new Set(all.map((e) => e.name))) await deleteHistoryDatabase(name);
});

describe('sweep history in IndexedDB', () => {
  it('keeps, lists newest first, reads back and deletes sweeps', async () => {
    const { h } = await freshHistory();
    const a = paperFindingSweep();
    const b = { ...quantSweep(), updatedAt: '2026-11-29T03:00:00.000Z' };
    await h.saveSweep(a);
    await h.saveSweep(b);
    const list = await h.listSweeps();
    expect(list.map((s) => s.id)).toEqual([b.id, a.id]);
    expect(list[1]).toMatchObject({ name: a.name, model: 'kick-tiny', status: 'finished', finishedPoints: 7, plannedPoints: 7, problem: null });
    expect(await h.getSweep(a.id)).toEqual(a);
    await h.deleteSweep(a.id);
    expect((await h.listSweeps()).map((s) => s.id)).toEqual([b.id]);
    expect(await h.getSweep(a.id)).toBeNull();
  });

  it('saves a running sweep point by point; a reopened database resumes at the first pending point', async () => {
    const { h, name } = await freshHistory();
    const full = paperFindingSweep();
    const started = await h.startSweep(paperFindingConfig(), 'paper finding');
    expect(started.status).toBe('running');
    for (const p of full.points.slice(0, 3)) await h.savePoint(started.id, p);
    // Saving the same point again replaces it rather than adding a second copy.
    await h.savePoint(started.id, full.points[2]);
    h.close();

    const reopened = await SweepHistory.open(name);
    opened.push({ h: reopened, name });
    const unfinished = await reopened.unfinishedSweeps();
    expect(unfinished).toHaveLength(1);
    expect(unfinished[0].sweep.id).toBe(started.id);
    expect(unfinished[0].sweep.points.map((p) => p.key)).toEqual(['dense', 'magnitude|s=0.3', 'magnitude|s=0.5']);
    expect(unfinished[0].pending.map(pointKey)).toEqual(['magnitude|s=0.7', 'wanda|s=0.3', 'wanda|s=0.5', 'wanda|s=0.7']);
    expect(unfinished[0].sweep.points[1]).toEqual(full.points[1]);

    for (const p of full.points.slice(3)) await reopened.savePoint(started.id, p);
    await reopened.setStatus(started.id, 'finished');
    expect(await reopened.unfinishedSweeps()).toEqual([]);
    const done = await reopened.getSweep(started.id);
    expect(done!.points.map((p) => p.record)).toEqual(full.points.map((p) => p.record));
  });

  it('refuses points of another plan, unknown sweeps and invalid sweeps; lists unreadable entries', async () => {
    const { h } = await freshHistory();
    const started = await h.startSweep(paperFindingConfig(), 'x');
    const foreign = quantSweep().points.find((p) => p.key === 'rtn|b=4')!;
    await expect(h.savePoint(started.id, foreign)).rejects.toThrow(HistoryError);
    await expect(h.savePoint('missing', paperFindingSweep().points[0])).rejects.toThrow(/no sweep missing/);
    const broken = { ...paperFindingSweep(), version: 99 };
    await expect(h.saveSweep(broken as never)).rejects.toThrow(/at version/);
    // A record written by an older app version: listed as unreadable, still deletable.
    const raw = await indexedDB.open((opened.at(-1) as { name: string }).name);
    await new Promise<void>((resolve, reject) => {
      raw.onsuccess = () => {
        const tx = raw.result.transaction('sweeps', 'readwrite');
        tx.objectStore('sweeps').put({ id: 'old', name: 'old run', version: 0, updatedAt: '2020-01-01T00:00:00.000Z' });
        tx.oncomplete = () => {
          raw.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
      raw.onerror = () => reject(raw.error);
    });
    const list = await h.listSweeps();
    const old = list.find((s) => s.id === 'old')!;
    expect(old.status).toBe('unreadable');
    expect(old.problem).toMatch(/malformed/);
    expect((await h.unfinishedSweeps()).map((u) => u.sweep.id)).toEqual([started.id]);
    await h.deleteSweep('old');
    expect((await h.listSweeps()).map((s) => s.id)).toEqual([started.id]);
  });

  it('keeps no credential typed into a judge URL: config, records and whole sweeps', async () => {
    const { h, name } = await freshHistory();
    const typed = 'https://bob:hunter2@judge.example/v1?api-version=2024&api_key=SECRET1#token=SECRET2';
    const started = await h.startSweep({ ...paperFindingConfig(), judge: { url: typed, model: 'judge-1' } }, 'with a judge');
    expect(started.config.judge).toEqual({ url: 'https://judge.example/v1?api-version=2024', model: 'judge-1' });
    const point = structuredClone(paperFindingSweep().points[0]);
    point.record.judge = { url: typed, model: 'judge-1' };
    await h.savePoint(started.id, point);
    const whole = paperFindingSweep();
    whole.config.judge = { url: typed, model: 'judge-1' };
    for (const p of whole.points) p.record.judge = { url: 'https://judge.example/v1?access_token=SECRET3', model: 'judge-1' };
    await h.saveSweep(whole);
    const stored = await rawValues(name);
    expect(stored).toContain('judge.example');
    expect(stored).not.toMatch(/SECRET|hunter2|bob/);
  });

  it('refuses on load a stored sweep beyond the input limits: never offered for resuming, listed as unreadable', async () => {
    const { h, name } = await freshHistory();
    const huge = [manyPlannedPoints(), manyTaskEntries(), manyLayers(10_000)].map((s) => ({ ...s, status: 'running' }));
    for (const s of huge) {
      await putRaw(name, s);
      // The app itself refuses to store them.
      await expect(h.saveSweep(s as never)).rejects.toThrow(/refused/);
    }
    const t0 = performance.now();
    const unfinished = await h.unfinishedSweeps();
    const list = await h.listSweeps();
    console.info(`resume check and listing over ${huge.length} oversized running sweeps: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(unfinished).toEqual([]);
    expect(list.map((s) => s.status)).toEqual(huge.map(() => 'unreadable'));
    for (const s of list) {
      expect(s.problem).toMatch(/refused: .*limit is/);
      expect(s.problem!.length).toBeLessThanOrEqual(400);
    }
    for (const s of huge) await expect(h.getSweep(s.id)).rejects.toThrow(/refused/);
    await expect(h.savePoint(huge[0].id, paperFindingSweep().points[0])).rejects.toThrow(/refused|limit/);
  });
});
