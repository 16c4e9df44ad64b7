import { headlines } from '../../state/headline.ts';
import type { Rule } from '../../state/derive.ts';
import type { Sweep } from '../../state/sweep.ts';
import type { MatchVerdict } from '../../stats/interval.ts';
import './teach.css';

const MARK: Record<MatchVerdict, { symbol: string; words: string }> = {
  matches: { symbol: '\u2713', words: 'matches dense' },
  'does-not-match': { symbol: '\u2717', words: 'a real loss: does not match dense' },
  undecided: { symbol: '?', words: 'too few examples to tell' },
};

/** What each compressed point did, one large sentence each, at the top of a result. */
export function HeadlineView({ sweep, rule }: { sweep: Sweep; rule: Rule }) {
  const lines = headlines(sweep, rule);
  if (lines.length === 0) return null;
  return (
    <section className="kt-headline" aria-label="Headline" data-testid="headline">
      <ul>
        {lines.map((line) => (
          <li key={line.pointKey} data-testid="headline-line" data-point={line.pointKey} aria-label={line.sentence}>
            <strong>{line.label}:</strong>{' '}
            {line.parts.map((part, i) => (
              <span key={part.task}>
                <span className={`kt-headline-part${part.verdict ? ` kt-verdict kt-verdict--${part.verdict}` : ''}`} title={part.verdict ? MARK[part.verdict].words : undefined} data-verdict={part.verdict ?? ''}>
                  {part.text}
                  {part.verdict && <span aria-hidden="true"> {MARK[part.verdict].symbol}</span>}
                </span>
                {i < line.parts.length - 1 ? ', ' : ''}
              </span>
            ))}
          </li>
        ))}
      </ul>
      <p className="kt-headline-key">
        Change from dense under the {rule} rule (scores in percentage points, perplexity in percent): {'\u2713'} matches dense (within 5%), {'\u2717'} a real loss, ? too few examples to tell.
      </p>
    </section>
  );
}
