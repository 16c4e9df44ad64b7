import { isMalformedShare, useHash } from './results/route.ts';
import './results/teach.css';

/** What an unknown address shows: which address, why, and the way back. */
export function NotFound() {
  const hash = useHash();
  const share = isMalformedShare(hash);
  return (
    <section className="panel kt-not-found" role="alert" data-testid="not-found" aria-labelledby="kt-not-found-h">
      <h2 id="kt-not-found-h">{share ? 'This share link is not complete' : 'There is no such page'}</h2>
      <p>
        {/* The hash is shown as text, never as markup. */}
        The address ends in <code data-testid="not-found-hash">{hash}</code>
        {share ? ', which is not a link this lab makes: share links end in #share= followed by the results. Ask for the link again.' : ', which names no view of this lab.'}
      </p>
      <p>
        <a href="#" data-testid="not-found-back">
          Back to the lab
        </a>{' '}
        or open the <a href="#results">Results</a>.
      </p>
    </section>
  );
}
