import { useEffect } from 'react';
import { useResults } from '../../state/results-store.ts';
import { shareTextFromHash } from '../../state/share.ts';
import { ResultsView } from '../results/results-view.tsx';
import { useHash } from '../results/route.ts';

/** Opens the share link in the URL fragment: the results at once, or why they cannot be shown. */
export function ShareRoute() {
  const hash = useHash();
  const text = shareTextFromHash(hash);
  const { sweep, shareError, opening, openShare } = useResults();
  useEffect(() => {
    if (text !== null) void openShare(text);
  }, [text, openShare]);
  if (shareError) {
    return (
      <div className="panel kr-share-error" role="alert" data-testid="share-error">
        <h2>This share link cannot be opened</h2>
        {/* The message may quote the link; React prints it as text, never as markup. */}
        <p data-testid="share-error-message">{shareError}</p>
        <p>Ask for the link again, or open the results from a JSON export.</p>
        <a href="#">Back to the lab</a>
      </div>
    );
  }
  if (opening || !sweep) return <p role="status">Opening the shared results…</p>;
  return <ResultsView sweep={sweep} />;
}
