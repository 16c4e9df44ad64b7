import { useId, useState } from 'react';
import { appHistory } from '../../state/history.ts';
import { sweepFromLmEval } from '../../state/lm-eval-sweep.ts';

type Outcome = { ok: true; name: string; points: number; notes: string[] } | { ok: false; message: string };

/**
 * lm-evaluation-harness output (results_*.json with its samples_*.jsonl) kept in the history as a
 * sweep; `onImported` gets its id.
 */
export function LmEvalImport({ onImported }: { onImported: (id: string) => void }) {
  const id = useId();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  async function read(list: FileList | null) {
    if (!list?.length) return;
    setBusy(true);
    try {
      const files = await Promise.all([...list].map(async (f) => ({ name: f.name, text: await f.text() })));
      const { sweep, notes } = await sweepFromLmEval(files);
      await (await appHistory()).saveSweep(sweep);
      setOutcome({ ok: true, name: sweep.name, points: sweep.points.length, notes });
      onImported(sweep.id);
    } catch (e) {
      setOutcome({ ok: false, message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="kr-import" data-testid="lm-eval-import">
      <label htmlFor={id}>Import lm-eval results (results_*.json with its samples_*.jsonl files)</label>{' '}
      <input id={id} type="file" multiple accept=".json,.jsonl" disabled={busy} onChange={(e) => void read(e.target.files)} data-testid="import-lm-eval" />
      {outcome?.ok === false && (
        <p className="kr-error" role="alert">
          {outcome.message}
        </p>
      )}
      {outcome?.ok && (
        <div role="status">
          <p>
            Imported “{outcome.name}”: {outcome.points} point{outcome.points === 1 ? '' : 's'}.
          </p>
          {outcome.notes.length > 0 && (
            <ul className="kr-muted">
              {outcome.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
