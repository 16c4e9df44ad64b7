import { useEffect, useRef } from 'react';
import { useJudgeConsent } from '../../state/judge-consent.ts';
import './judge-consent.css';

/**
 * The question asked before a re-run talks to a judge endpoint it did not get from this user: the
 * host in large type, where the key goes (or that it does not), and three ways out. Closing the
 * dialog (Escape) is "stop": nothing is sent without a yes.
 */
export function JudgeConsentDialog() {
  const question = useJudgeConsent((s) => s.question);
  const answer = useJudgeConsent((s) => s.answer);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (question && !dialog.open) dialog.showModal();
    if (!question && dialog.open) dialog.close();
  }, [question]);
  return (
    <dialog ref={ref} className="jc-dialog" aria-labelledby="jc-title" data-testid="judge-consent" onCancel={() => answer('stop')}>
      {question && (
        <>
          <h2 id="jc-title">Send the prompts to this judge?</h2>
          <p>
            {question.action} grades summaries and instruction answers with the judge this sweep names. It was set by whoever made the sweep, not by you:
          </p>
          {/* Printed as text: the host and URL come from a link. */}
          <p className="jc-host" data-testid="judge-consent-host">
            {question.host}
          </p>
          <p className="jc-url">
            {question.url} (model {question.model})
          </p>
          <p data-testid="judge-consent-key">
            {question.keyGoes
              ? 'Your judge key was typed for this host and goes with the requests.'
              : 'Your judge key is not sent there: it goes only to the endpoint you typed it for.'}
          </p>
          <div className="jc-actions">
            <button type="button" onClick={() => answer('theirs')} data-testid="judge-consent-theirs">
              {question.keyGoes ? `Use ${question.host}` : `Use ${question.host} without a key`}
            </button>
            {question.mine && (
              <button type="button" onClick={() => answer('mine')} data-testid="judge-consent-mine">
                Use my endpoint ({question.mine})
              </button>
            )}
            <button type="button" onClick={() => answer('stop')} data-testid="judge-consent-stop" autoFocus>
              Don&apos;t run
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
