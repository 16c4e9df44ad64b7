// The page's views by URL hash: `#share=...` opens a share link; `#run`, `#results`, `#history`
// and `#playground` their views; `#/bench` the kernel benchmark (`#/bench/<link>` with a shared
// report); anything else is the lab's setup, the first screen.
import { useSyncExternalStore } from 'react';
import { benchTextFromHash } from '../../state/bench-share.ts';
import { SHARE_PARAM } from '../../state/share.ts';

export type LabRoute = 'lab' | 'run' | 'results' | 'history' | 'share' | 'playground' | 'bench';

const NAMED: ReadonlySet<string> = new Set(['run', 'results', 'history', 'playground']);

export function routeOf(hash: string): LabRoute {
  const h = hash.replace(/^#/, '');
  if (h.startsWith(`${SHARE_PARAM}=`)) return 'share';
  if (benchTextFromHash(h) !== null) return 'bench';
  return NAMED.has(h) ? (h as LabRoute) : 'lab';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash, () => '');
}

export function useLabRoute(): LabRoute {
  return routeOf(useHash());
}
