import { useEffect } from 'react';
import { useResults } from '../../state/results-store.ts';
import { excerpt } from '../../state/input-limits.ts';
import { shareTextFromHash } from '../../state/share.ts';
import type { Sweep } from '../../state/sweep.ts';
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
  return (
    <>
      <JudgeHostNotice sweep={sweep} />
      <ResultsView sweep={sweep} />
    </>
  );
}

/** Names the judge host a link sets, before anyone presses Reproduce: it is the link author's choice. */
function JudgeHostNotice({ sweep }: { sweep: Sweep }) {
  const judge = sweep.config.judge;
  if (!judge) return null;
  let host = judge.url;
  try {
    host = new URL(judge.url).host;
  } catch {
    // Not a URL: shown as it is (cut short below).
  }
  return (
    <p className="kr-notice" role="note" data-testid="share-judge-host">
      This link names a judge endpoint at <strong>{excerpt(host)}</strong> (model {excerpt(judge.model)}). Reproduce asks before sending anything there, and
      never sends it your judge key unless you typed the key for that host.
    </p>
  );
}
