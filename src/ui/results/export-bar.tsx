import { useEffect, useRef, useState } from 'react';
import { exportName, recordsToCsv, recordsToJson, sweepToJson } from '../../state/export.ts';
import { otherToolsZip } from '../../state/interop-export.ts';
import type { Sweep } from '../../state/sweep.ts';
import { downloadBlob, downloadText } from '../charts/chart-export.ts';

/**
 * The records of every point as JSON or CSV, the whole sweep as JSON, and a zip for other tools,
 * in one menu: the results toolbar keeps to one row.
 */
export function ExportBar({ sweep }: { sweep: Sweep }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const [zipError, setZipError] = useState<string | null>(null);
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
  function closeMenu() {
    if (menu.current) menu.current.open = false;
  }
  function save(text: string, suffix: string, type: string) {
    downloadText(text, exportName(sweep, suffix), type);
    closeMenu();
  }
  async function otherTools() {
    try {
      const zip = await otherToolsZip(sweep);
      downloadBlob(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), exportName(sweep, '-other-tools.zip'));
      setZipError(null);
    } catch (e) {
      setZipError(`Could not export: ${e instanceof Error ? e.message : String(e)}`);
    }
    closeMenu();
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
        <button
          type="button"
          data-testid="export-other-tools"
          title="llm-compressor recipes, lm-evaluation-harness tasks and run.sh for a GPU cluster; Every Eval Ever JSON, model-card model-index and lm-eval samples of every point"
          onClick={() => void otherTools()}
        >
          Cluster &amp; other tools (zip)
        </button>
      </div>
      {zipError && <span role="alert">{zipError}</span>}
    </details>
  );
}
