import { KernelPlayground } from './playground/KernelPlayground.tsx';
import { HistoryView } from './history/HistoryView.tsx';
import { LabTabs } from './results/LabTabs.tsx';
import { ResultsRoute } from './results/ResultsRoute.tsx';
import { useLabRoute } from './results/route.ts';
import { ShareRoute } from './share/ShareRoute.tsx';

export function App() {
  const route = useLabRoute();
  return (
    <div className="app">
      <header className="app-header">
        <h1>KICK Lab</h1>
        <p className="tagline">Compress a language model on your own GPU and see what it forgets.</p>
      </header>
      <LabTabs route={route} />
      <main>
        {route === 'share' && <ShareRoute />}
        {route === 'results' && <ResultsRoute />}
        {route === 'history' && <HistoryView />}
        {route === 'playground' && <KernelPlayground />}
      </main>
    </div>
  );
}
