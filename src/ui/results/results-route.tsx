import { paperFindingSweep, quantSweep } from '../../../test/state/sweep-fixtures.ts';
import { useResults } from '../../state/results-store.ts';
import { ResultsView } from './results-view.tsx';

/** The sweep being shown, or a way to look at example data until a run exists. */
export function ResultsRoute() {
  const sweep = useResults((s) => s.sweep);
  const show = useResults((s) => s.show);
  if (sweep) return <ResultsView sweep={sweep} />;
  return (
    <div className="panel kr-empty" data-testid="results-empty">
      <p>No results open. Run a sweep, open one from the history or a share link, or look at example data:</p>
      <button type="button" onClick={() => show(paperFindingSweep(), 'example')} data-testid="example-paper">
        Example: magnitude vs wanda on kick-tiny
      </button>{' '}
      <button type="button" onClick={() => show(quantSweep(), 'example')} data-testid="example-quant">
        Example: rtn vs gptq, wanda 2:4
      </button>
    </div>
  );
}
