import { KernelPlayground } from './playground/KernelPlayground.tsx';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>KICK Lab</h1>
        <p className="tagline">Compress a language model on your own GPU and see what it forgets.</p>
      </header>
      <main>
        <KernelPlayground />
      </main>
    </div>
  );
}
