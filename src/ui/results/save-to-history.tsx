import { useEffect, useState } from 'react';
import { appHistory } from '../../state/history.ts';
import type { Sweep } from '../../state/sweep.ts';

type Saved = 'checking' | 'saved' | 'unsaved' | 'no-history';

/** "Save to history" for results this browser does not keep yet (an example, a share link); nothing otherwise. */
export function SaveToHistory({ sweep }: { sweep: Sweep }) {
  const [saved, setSaved] = useState<Saved>('checking');
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setSaved('checking');
    setNote(null);
    void (async () => {
      try {
        const kept = await (await appHistory()).getSweep(sweep.id);
        if (live) setSaved(kept ? 'saved' : 'unsaved');
      } catch {
        // No IndexedDB here: nothing to save to.
        if (live) setSaved('no-history');
      }
    })();
    return () => {
      live = false;
    };
  }, [sweep.id]);
  async function save() {
    try {
      await (await appHistory()).saveSweep(sweep);
      setSaved('saved');
      setNote('Saved to history.');
    } catch (e) {
      setNote(`Could not save: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (saved !== 'unsaved') {
    return note ? (
      <span role="status" data-testid="save-history-done">
        {note}
      </span>
    ) : null;
  }
  return (
    <span>
      <button type="button" onClick={() => void save()} data-testid="save-history">
        Save to history
      </button>
      {note && <span role="status"> {note}</span>}
    </span>
  );
}
