import type { Dropped } from '../../state/share.ts';

const WHAT: Record<Dropped, string> = { examples: 'per-example records (prompts and outputs)', layers: 'per-layer reports' };

/** Says what a share link left out to stay short; the scores are always complete. */
export function DroppedNotice({ dropped, budget }: { dropped: Dropped[]; budget?: number }) {
  if (!dropped.length) return null;
  return (
    <p className="kr-notice" data-testid="share-dropped" role="status">
      To keep the link short{budget ? ` (at most ${budget} characters)` : ''}, it leaves out the {dropped.map((d) => WHAT[d]).join(' and the ')}. Every score is
      included; export the sweep JSON to keep everything.
    </p>
  );
}
