import { useEffect } from 'react';
import { useResults } from '../../state/results-store.ts';
import type { LabRoute } from './route.ts';
import './results.css';

const TABS: Array<{ route: LabRoute; href: string; label: string }> = [
  { route: 'playground', href: '#', label: 'Playground' },
  { route: 'results', href: '#results', label: 'Results' },
  { route: 'history', href: '#history', label: 'History' },
];

/** The view tabs and the projector switch (larger text for a room). */
export function LabTabs({ route }: { route: LabRoute }) {
  const projector = useResults((s) => s.projector);
  const setProjector = useResults((s) => s.setProjector);
  useEffect(() => {
    document.documentElement.classList.toggle('projector', projector);
  }, [projector]);
  const current = route === 'share' ? 'results' : route;
  return (
    <nav className="kr-tabs" aria-label="Views">
      {TABS.map((t) => (
        <a key={t.route} href={t.href} aria-current={current === t.route ? 'page' : undefined} data-testid={`tab-${t.route}`}>
          {t.label}
        </a>
      ))}
      <button type="button" className="kr-projector" aria-pressed={projector} onClick={() => setProjector(!projector)} data-testid="projector">
        Projector mode
      </button>
    </nav>
  );
}
