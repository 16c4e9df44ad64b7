// The page's views by URL hash: `#share=...` opens a share link, `#results` and `#history`
// their views; anything else is the playground.
import { useSyncExternalStore } from 'react';
import { SHARE_PARAM } from '../../state/share.ts';

export type LabRoute = 'playground' | 'results' | 'history' | 'share';

export function routeOf(hash: string): LabRoute {
  const h = hash.replace(/^#/, '');
  if (h.startsWith(`${SHARE_PARAM}=`)) return 'share';
  if (h === 'results') return 'results';
  if (h === 'history') return 'history';
  return 'playground';
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
