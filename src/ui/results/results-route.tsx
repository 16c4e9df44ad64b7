import { useState } from 'react';
import { EXAMPLE_SWEEPS, loadExampleSweep, type ExampleSweep } from '../../state/examples.ts';
import { useResults } from '../../state/results-store.ts';
import { ResultsView } from './results-view.tsx';

/** The sweep being shown, or a way to open a recorded example until a run exists. */
export function ResultsRoute() {
  const sweep = useResults((s) => s.sweep);
  const show = useResults((s) => s.show);
  const [loading, setLoading] = useState<ExampleSweep['id'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (sweep) return <ResultsView sweep={sweep} />;

  async function open(example: ExampleSweep) {
    setLoading(example.id);
    setError(null);
    try {
      show(await loadExampleSweep(example, import.meta.env.BASE_URL), 'example');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setLoading(null);
    }
  }

  return (
    <div className="panel kr-empty" data-testid="results-empty">
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
