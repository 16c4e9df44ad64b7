import { useCallback, useEffect, useState } from 'react';
import { MAX_COMPARED } from '../../state/compare.ts';
import { appHistory, type SweepSummary } from '../../state/history.ts';
import { useResults } from '../../state/results-store.ts';
import type { Sweep } from '../../state/sweep.ts';
import { RuleSwitch } from '../results/rule-switch.tsx';
import { CompareView } from './compare-view.tsx';
import { HistoryStatus, useInterruptedSweeps } from './history-status.tsx';
import { LmEvalImport } from './lm-eval-import.tsx';
import '../results/results.css';

function when(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toLocaleString() : '—';
}

/** Every sweep kept in this browser: open, compare two to four on the same charts, delete. */
export function HistoryView() {
  const [items, setItems] = useState<SweepSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [compared, setCompared] = useState<Sweep[] | null>(null);
  const { show, rule, setRule } = useResults();
  useInterruptedSweeps();

  const reload = useCallback(async () => {
    try {
      setItems(await (await appHistory()).listSweeps());
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  async function open(id: string) {
    try {
      const s = await (await appHistory()).getSweep(id);
      if (!s) throw new Error('it is no longer in the history');
      show(s, 'history');
      window.location.hash = 'results';
    } catch (e) {
      setError(`Could not open ${id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async function remove(id: string) {
    await (await appHistory()).deleteSweep(id);
    setPicked((p) => p.filter((x) => x !== id));
    setCompared(null);
    await reload();
  }

  async function compare() {
    try {
      const h = await appHistory();
      const sweeps = await Promise.all(picked.map((id) => h.getSweep(id)));
      if (sweeps.some((s) => !s)) throw new Error('one of them is no longer in the history');
      setCompared(sweeps.filter((s): s is Sweep => s !== null));
    } catch (e) {
      setError(`Could not compare: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  function toggle(id: string, on: boolean) {
    setPicked((p) => (on ? [...p.filter((x) => x !== id), id].slice(-MAX_COMPARED) : p.filter((x) => x !== id)));
  }

  return (
    <section className="kr-history" data-testid="history-view" aria-labelledby="kr-history-h">
      <h2 id="kr-history-h">History</h2>
      <LmEvalImport onImported={() => void reload()} />
      {error && (
        <p className="kr-error" role="alert">
          {error}
        </p>
      )}
      {items === null && !error && <p role="status">Reading the history…</p>}
      {items !== null && items.length === 0 && <p className="kr-muted">No sweeps kept in this browser yet.</p>}
      {items !== null && items.length > 0 && (
        <>
          <div className="kr-scroll">
            <table className="kr-table" data-testid="history-table">
              <thead>
                <tr>
                  <th scope="col">compare</th>
                  <th scope="col" className="kr-left">name</th>
                  <th scope="col" className="kr-left">model</th>
                  <th scope="col">status</th>
                  <th scope="col">points</th>
                  <th scope="col">updated</th>
                  <th scope="col" className="kr-sticky-end">
                    actions
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id} data-testid="history-row" data-id={s.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Compare ${s.name || s.id}`}
                        checked={picked.includes(s.id)}
                        disabled={s.problem !== null}
                        onChange={(e) => toggle(s.id, e.target.checked)}
                      />
                    </td>
                    <th scope="row" className="kr-wrap">
                      {s.name || s.id}
                    </th>
                    <td className="kr-wrap">{s.model}</td>
                    <td title={s.problem ?? undefined}>
                      <HistoryStatus summary={s} />
                    </td>
                    <td>
                      {s.finishedPoints} / {s.plannedPoints}
                    </td>
                    <td className="kr-wrap">{when(s.updatedAt)}</td>
                    <td className="kr-sticky-end">
                      <div className="kr-actions">
                        <button type="button" disabled={s.problem !== null} onClick={() => void open(s.id)}>
                          Open
                        </button>
                        <button type="button" onClick={() => void remove(s.id)} aria-label={`Delete ${s.name || s.id}`}>
                          Delete
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" disabled={picked.length < 2} onClick={() => void compare()} data-testid="history-compare">
            {picked.length < 2 ? `Compare: pick 2 to ${MAX_COMPARED} runs` : `Compare the ${picked.length} selected`}
          </button>
        </>
      )}
      {compared && (
        <>
          <RuleSwitch rule={rule} onChange={setRule} />
          <CompareView sweeps={compared} rule={rule} />
        </>
      )}
    </section>
  );
}
