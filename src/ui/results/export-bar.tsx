import { useEffect, useRef } from 'react';
import { exportName, recordsToCsv, recordsToJson, sweepToJson } from '../../state/export.ts';
import type { Sweep } from '../../state/sweep.ts';
import { downloadText } from '../charts/chart-export.ts';

/**
 * The records of every point as JSON or CSV, and the whole sweep as JSON, in one menu: the
 * results toolbar keeps to one row.
 */
export function ExportBar({ sweep }: { sweep: Sweep }) {
  const menu = useRef<HTMLDetailsElement>(null);
  // A menu closes when the pointer goes elsewhere or on Escape, as menus do.
  useEffect(() => {
    const close = (e: Event) => {
      const m = menu.current;
      if (!m?.open) return;
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !m.contains(e.target as Node)) m.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  function save(text: string, suffix: string, type: string) {
    downloadText(text, exportName(sweep, suffix), type);
    if (menu.current) menu.current.open = false;
  }
  return (
    <details className="kr-menu" ref={menu} data-testid="export-menu">
      <summary>Export…</summary>
      <div className="kr-menu-items" role="group" aria-label="Export results">
        <button type="button" data-testid="export-records-json" onClick={() => save(recordsToJson(sweep), '-records.json', 'application/json')}>
          Records JSON
        </button>
        <button type="button" data-testid="export-records-csv" onClick={() => save(recordsToCsv(sweep), '-records.csv', 'text/csv')}>
          Records CSV
        </button>
        <button type="button" data-testid="export-sweep-json" onClick={() => save(sweepToJson(sweep), '-sweep.json', 'application/json')}>
          Sweep JSON
        </button>
      </div>
    </details>
  );
}
