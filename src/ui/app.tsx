import { useEffect } from 'react';
import { registerReproducer, useRun } from '../state/run-store.ts';
import { useResults } from '../state/results-store.ts';
import { HistoryView } from './history/history-view.tsx';
import { NotFound } from './not-found.tsx';
import { KernelPlayground } from './playground/kernel-playground.tsx';
import { ResultsRoute } from './results/results-route.tsx';
import { useLabRoute, type LabRoute } from './results/route.ts';
import './results/results.css';
import { ResumeOffer } from './run/resume-offer.tsx';
import { RunView } from './run/run-view.tsx';
import { SetupView } from './setup/setup-view.tsx';
import { JudgeConsentDialog } from './share/judge-consent-dialog.tsx';
import { ShareRoute } from './share/share-route.tsx';
import { BenchView } from './bench/bench-view.tsx';

const TABS: Array<{ route: LabRoute; href: string; label: string }> = [
  { route: 'lab', href: '#', label: 'Lab' },
  { route: 'run', href: '#run', label: 'Run' },
  { route: 'results', href: '#results', label: 'Results' },
  { route: 'history', href: '#history', label: 'History' },
  { route: 'playground', href: '#playground', label: 'Kernel playground' },
];

function Tabs({ route }: { route: LabRoute }) {
  const projector = useResults((s) => s.projector);
  const setProjector = useResults((s) => s.setProjector);
  const phase = useRun((s) => s.phase);
  useEffect(() => {
    document.documentElement.classList.toggle('projector', projector);
  }, [projector]);
  const current = route === 'share' ? 'results' : route === 'bench' ? 'playground' : route;
  return (
    <nav className="kr-tabs" aria-label="Views">
      {TABS.map((t) => (
        <a key={t.route} href={t.href} aria-current={current === t.route ? 'page' : undefined} data-testid={`tab-${t.route}`}>
          {t.label}
          {t.route === 'run' && (phase === 'running' || phase === 'cancelling') ? ' (running)' : ''}
        </a>
      ))}
      <button type="button" className="kr-projector" aria-pressed={projector} onClick={() => setProjector(!projector)} data-testid="projector">
        Projector mode
      </button>
    </nav>
  );
}

export function App() {
  const route = useLabRoute();
  useEffect(() => {
    registerReproducer();
  }, []);
  return (
    <div className="app">
      <header className="app-header">
        <h1>KICK Lab</h1>
        <p className="tagline">Compress a language model on your own GPU and see what it forgets.</p>
      </header>
      <Tabs route={route} />
      <main>
        {route === 'lab' && (
          <>
            <ResumeOffer />
            <SetupView />
          </>
        )}
        {route === 'run' && <RunView />}
        {route === 'share' && <ShareRoute />}
        {route === 'results' && <ResultsRoute />}
        {route === 'history' && <HistoryView />}
        {route === 'playground' && <KernelPlayground />}
        {route === 'bench' && <BenchView />}
        {route === 'not-found' && <NotFound />}
      </main>
      <JudgeConsentDialog />
    </div>
  );
}
