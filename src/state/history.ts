// Every sweep kept in IndexedDB: listed, opened, compared, deleted; a sweep in progress is saved
// after each finished point so that a reload can resume at the first point still to run.
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { MAX_PLANNED_POINTS } from './input-limits.ts';
import { stripUrlCredentials, withoutUrlCredentials } from './secrets.ts';
import { pendingPoints, plannedPointCount, planPoints, sweepPointSchema, SWEEP_SCHEMA_ID, SWEEP_VERSION, validateSweep, newSweepId, sweepConfigSchema, type PointSpec, type Sweep, type SweepConfig, type SweepPoint } from './sweep.ts';

export const HISTORY_DB = 'kick-lab-history';
const STORE = 'sweeps';

interface HistoryDb extends DBSchema {
  sweeps: { key: string; value: unknown; indexes: { updatedAt: string } };
}

export interface SweepSummary {
  id: string;
  name: string;
  model: string;
  status: Sweep['status'] | 'unreadable';
  createdAt: string;
  updatedAt: string;
  finishedPoints: number;
  plannedPoints: number;
  /** Why a stored sweep could not be read (older format, damaged); it can still be deleted. */
  problem: string | null;
}

export interface UnfinishedSweep {
  sweep: Sweep;
  /** The points still to run, in plan order: a resumed run starts with the first. */
  pending: PointSpec[];
}

export class HistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryError';
  }
}

export class SweepHistory {
  private constructor(private readonly db: IDBPDatabase<HistoryDb>) {}

  static async open(name = HISTORY_DB): Promise<SweepHistory> {
    if (typeof indexedDB === 'undefined') throw new HistoryError('this browser has no IndexedDB: the history cannot be kept');
    const db: IDBPDatabase<HistoryDb> = await openDB<HistoryDb>(name, 1, {
      upgrade(d) {
        const store = d.createObjectStore(STORE, { keyPath: 'id' });
        store.createIndex('updatedAt', 'updatedAt');
      },
      // Another tab upgrading or deleting the database must not wait on this one.
      blocking() {
        db.close();
      },
    });
    return new SweepHistory(db);
  }

  close(): void {
    this.db.close();
  }

  /** Stores a whole sweep (validated, within the input limits, judge URLs without credentials), replacing one with the same id. */
  async saveSweep(sweep: Sweep): Promise<Sweep> {
    const valid = withoutUrlCredentials(validateSweep(sweep));
    await this.db.put(STORE, valid);
    return valid;
  }

  /** A new sweep in state "running" with no points yet. */
  async startSweep(config: SweepConfig, name: string, now = new Date()): Promise<Sweep> {
    const at = now.toISOString();
    return this.saveSweep({
      schema: SWEEP_SCHEMA_ID,
      version: SWEEP_VERSION,
      id: newSweepId(),
      name,
      createdAt: at,
      updatedAt: at,
      status: 'running',
      error: null,
      config: sweepConfigSchema.parse(config),
      points: [],
    });
  }

  async getSweep(id: string): Promise<Sweep | null> {
    const value = await this.db.get(STORE, id);
    return value === undefined ? null : validateSweep(value);
  }

  /**
   * Adds one finished point (replacing an earlier result for the same spec) in a single
   * transaction, so a reload right after sees either the old or the new sweep, never half.
   */
  async savePoint(sweepId: string, point: SweepPoint, now = new Date()): Promise<Sweep> {
    const parsed = sweepPointSchema.parse(point);
    const p = parsed.record.judge ? { ...parsed, record: { ...parsed.record, judge: { ...parsed.record.judge, url: stripUrlCredentials(parsed.record.judge.url).url } } } : parsed;
    const tx = this.db.transaction(STORE, 'readwrite');
    // An aborted transaction rejects `done`; the caller hears about the cause instead.
    const done = tx.done.catch(() => undefined);
    try {
      const found = await tx.store.get(sweepId);
      if (found === undefined) throw new HistoryError(`no sweep ${sweepId} in the history`);
      const stored = found as Sweep;
      // Only the new point and the plan are checked here: the stored points were checked when they
      // were written and are checked again when the sweep is read, and re-checking every point on
      // every write made each save slower than the last while a sweep runs.
      const config = sweepConfigSchema.parse(stored.config);
      if (!Array.isArray(stored.points)) throw new HistoryError(`sweep ${sweepId} in the history is damaged (no points)`);
      if (plannedPointCount(config) > MAX_PLANNED_POINTS) throw new HistoryError(`sweep ${sweepId} in the history plans more than ${MAX_PLANNED_POINTS} points: it is refused`);
      if (!planPoints(config).some((s) => pointKeyMatches(s, p))) throw new HistoryError(`point ${p.key} is not part of sweep ${sweepId}'s plan`);
      const points = stored.points.filter((x) => x.key !== p.key);
      points.push(p);
      const next: Sweep = { ...stored, config, points, updatedAt: now.toISOString() };
      await tx.store.put(next);
      await tx.done;
      return next;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // Already committed or aborted: nothing left to undo.
      }
      await done;
      throw e;
    }
  }

  /** Marks a sweep finished, failed or cancelled (a cancelled or failed sweep is not resumed). */
  async setStatus(sweepId: string, status: Sweep['status'], error: string | null = null, now = new Date()): Promise<Sweep> {
    const sweep = await this.getSweep(sweepId);
    if (!sweep) throw new HistoryError(`no sweep ${sweepId} in the history`);
    return this.saveSweep({ ...sweep, status, error, updatedAt: now.toISOString() });
  }

  /**
   * Sweeps left running (the page closed or reloaded mid-run), newest first, with what is left.
   * A stored sweep beyond the input limits fails validation before its plan is built: it is
   * listed as unreadable and never offered for resuming.
   */
  async unfinishedSweeps(): Promise<UnfinishedSweep[]> {
    const out: UnfinishedSweep[] = [];
    for (const value of await this.db.getAll(STORE)) {
      let sweep: Sweep;
      try {
        sweep = validateSweep(value);
      } catch {
        continue;
      }
      if (sweep.status === 'running') out.push({ sweep, pending: pendingPoints(sweep) });
    }
    return out.sort((a, b) => b.sweep.updatedAt.localeCompare(a.sweep.updatedAt));
  }

  /** Every stored sweep, newest first; unreadable entries are listed with the reason. */
  async listSweeps(): Promise<SweepSummary[]> {
    const out: SweepSummary[] = [];
    for (const value of await this.db.getAll(STORE)) out.push(summarize(value));
    return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async deleteSweep(id: string): Promise<void> {
    await this.db.delete(STORE, id);
  }

  async clear(): Promise<void> {
    await this.db.clear(STORE);
  }
}

function pointKeyMatches(spec: PointSpec, point: SweepPoint): boolean {
  return spec.method === point.spec.method && spec.sparsity === point.spec.sparsity && spec.pattern === point.spec.pattern && spec.bits === point.spec.bits;
}

function summarize(value: unknown): SweepSummary {
  try {
    const s = validateSweep(value);
    return {
      id: s.id,
      name: s.name,
      model: s.config.model.id,
      status: s.status,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      finishedPoints: s.points.length,
      plannedPoints: planPoints(s.config).length,
      problem: null,
    };
  } catch (e) {
    const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const text = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
    return {
      id: text('id') || '(no id)',
      name: text('name'),
      model: '',
      status: 'unreadable',
      createdAt: text('createdAt'),
      updatedAt: text('updatedAt'),
      finishedPoints: 0,
      plannedPoints: 0,
      problem: e instanceof Error ? e.message : String(e),
    };
  }
}

let shared: Promise<SweepHistory> | null = null;

/** The app's history database, opened once. */
export function appHistory(): Promise<SweepHistory> {
  shared ??= SweepHistory.open().catch((e: unknown) => {
    shared = null;
    throw e;
  });
  return shared;
}

export async function deleteHistoryDatabase(name: string): Promise<void> {
  await deleteDB(name);
}
