import { useEffect, useState } from 'react';
import { EXAMPLE_SWEEPS, loadExampleSweep, type ExampleSweep } from '../../state/examples.ts';
import { appHistory } from '../../state/history.ts';
import { forgetResults, lastResults, rememberResults } from '../../state/last-results.ts';
import { useResults } from '../../state/results-store.ts';
import { ResultsView } from './results-view.tsx';

/** Reopens the results open before a reload, once; says so when they are gone. */
function useReopenLast(): { reopening: boolean; gone: string | null } {
  const sweep = useResults((s) => s.sweep);
  const show = useResults((s) => s.show);
  const [reopening, setReopening] = useState(() => sweep === null && lastResults() !== null);
  const [gone, setGone] = useState<string | null>(null);
  useEffect(() => {
    if (!reopening) return;
    const ref = lastResults();
    let live = true;
    void (async () => {
      try {
        if (!ref) return;
        if (ref.kind === 'example') {
          const example = EXAMPLE_SWEEPS.find((e) => e.id === ref.id)!;
          const s = await loadExampleSweep(example, import.meta.env.BASE_URL);
          if (live) show(s, 'example');
        } else {
          const s = await (await appHistory()).getSweep(ref.id);
          if (!s) throw new Error('it is no longer in the history');
          if (live) show(s, 'history');
        }
      } catch (e) {
        forgetResults();
        if (live) setGone(`The results open before the reload could not be reopened: ${e instanceof Error ? e.message : String(e)}.`);
      } finally {
        if (live) setReopening(false);
      }
    })();
    return () => {
      live = false;
    };
  }, [reopening, show]);
  return { reopening, gone };
}

/** The sweep being shown, or a way to open a recorded example until a run exists. */
export function ResultsRoute() {
  const sweep = useResults((s) => s.sweep);
  const show = useResults((s) => s.show);
  const [loading, setLoading] = useState<ExampleSweep['id'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { reopening, gone } = useReopenLast();
  if (sweep) return <ResultsView sweep={sweep} />;
  if (reopening) return <p role="status">Reopening the results open before the reload…</p>;

  async function open(example: ExampleSweep) {
    setLoading(example.id);
    setError(null);
    try {
      show(await loadExampleSweep(example, import.meta.env.BASE_URL), 'example');
      rememberResults({ kind: 'example', id: example.id });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setLoading(null);
    }
  }

  return (
    <div className="panel kr-empty" data-testid="results-empty">
      {gone && (
        <p className="kr-muted" data-testid="results-gone">
          {gone}
        </p>
      )}
      <p>No results open. Run a sweep, open one from the history or a share link, or open a recorded run of the lab on kick-tiny:</p>
      {EXAMPLE_SWEEPS.map((example) => (
        <span key={example.id}>
          <button type="button" onClick={() => void open(example)} disabled={loading !== null} data-testid={`example-${example.id}`}>
            {loading === example.id ? 'Loading…' : example.label}
          </button>{' '}
        </span>
      ))}
      {error && (
        <p className="kr-error" role="alert" data-testid="example-error">
          {error}
        </p>
      )}
    </div>
  );
}
