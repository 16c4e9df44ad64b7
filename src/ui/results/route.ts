// The page's views by URL hash: `#share=...` opens a share link; `#run`, `#results`, `#history`
// and `#playground` their views; `#/bench` the kernel benchmark (`#/bench/<link>` with a shared
// report); an empty hash (or `#lab`) is the lab's setup, the first screen. Anything else is not a
// page of this app and says so, rather than quietly showing the lab.
import { useSyncExternalStore } from 'react';
import { benchTextFromHash } from '../../state/bench-share.ts';
import { SHARE_PARAM } from '../../state/share.ts';

export type LabRoute = 'lab' | 'run' | 'results' | 'history' | 'share' | 'playground' | 'bench' | 'not-found';

const NAMED: ReadonlySet<string> = new Set(['run', 'results', 'history', 'playground']);

export function routeOf(hash: string): LabRoute {
  const h = hash.replace(/^#/, '');
  if (h === '' || h === 'lab') return 'lab';
  if (h.startsWith(`${SHARE_PARAM}=`)) return 'share';
  if (benchTextFromHash(h) !== null) return 'bench';
  return NAMED.has(h) ? (h as LabRoute) : 'not-found';
}

/** A hash that looks like a share link but is not one this app makes (`#/share/...`, `#share/...`). */
export function isMalformedShare(hash: string): boolean {
  const h = hash.replace(/^#\/?/, '');
  return h.startsWith(SHARE_PARAM) && !h.startsWith(`${SHARE_PARAM}=`);
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
