import { useId, useState } from 'react';
import { encodeShare, SHARE_BUDGET_CHARS, shareUrl, type Dropped } from '../../state/share.ts';
import type { Sweep } from '../../state/sweep.ts';
import { DroppedNotice } from './dropped-notice.tsx';

/** Makes a link that carries this sweep's config and results (no secrets), and copies it. */
export function ShareBox({ sweep }: { sweep: Sweep }) {
  const [link, setLink] = useState<string | null>(null);
  const [dropped, setDropped] = useState<Dropped[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const inputId = useId();

  async function make() {
    setError(null);
    setCopied(false);
    try {
      const enc = await encodeShare(sweep);
      const base = `${window.location.origin}${window.location.pathname}`;
      setLink(shareUrl(base, enc.text));
      setDropped(enc.dropped);
    } catch (e) {
      setLink(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // No clipboard permission: leave the text selected for Ctrl+C.
      const input = document.getElementById(inputId) as HTMLInputElement | null;
      input?.select();
    }
  }

  return (
    <div className="kr-share" data-testid="share-box">
      <button type="button" onClick={() => void make()} data-testid="share-make">
        Make share link
      </button>
      {link && (
        <div className="kr-share-link">
          <label htmlFor={inputId}>Share link ({link.length} characters)</label>
          <input id={inputId} readOnly value={link} data-testid="share-link" onFocus={(e) => e.target.select()} />
          <button type="button" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy'}
          </button>
          <DroppedNotice dropped={dropped} budget={SHARE_BUDGET_CHARS} />
        </div>
      )}
      {error && (
        <p className="kr-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
