import { useState } from 'react';
import { exportName, recordsToCsv, recordsToJson, sweepToJson } from '../../state/export.ts';
import { otherToolsZip } from '../../state/interop-export.ts';
import type { Sweep } from '../../state/sweep.ts';
import { downloadBlob, downloadText } from '../charts/chart-export.ts';

/** The records of every point as JSON or CSV, the whole sweep as JSON, and a zip for other tools. */
export function ExportBar({ sweep }: { sweep: Sweep }) {
  const [zipError, setZipError] = useState<string | null>(null);
  async function otherTools() {
    try {
      const zip = await otherToolsZip(sweep);
      downloadBlob(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), exportName(sweep, '-other-tools.zip'));
      setZipError(null);
    } catch (e) {
      setZipError(`Could not export: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return (
    <div className="kr-export" role="group" aria-label="Export results">
      <button type="button" data-testid="export-records-json" onClick={() => downloadText(recordsToJson(sweep), exportName(sweep, '-records.json'), 'application/json')}>
        Records JSON
      </button>
      <button type="button" data-testid="export-records-csv" onClick={() => downloadText(recordsToCsv(sweep), exportName(sweep, '-records.csv'), 'text/csv')}>
        Records CSV
      </button>
      <button type="button" data-testid="export-sweep-json" onClick={() => downloadText(sweepToJson(sweep), exportName(sweep, '-sweep.json'), 'application/json')}>
        Sweep JSON
      </button>
      <button type="button" data-testid="export-other-tools" title="llm-compressor recipes, lm-evaluation-harness tasks and run.sh for a GPU cluster; Every Eval Ever JSON, model-card model-index and lm-eval samples of every point" onClick={() => void otherTools()}>
        Cluster &amp; other tools (zip)
      </button>
      {zipError && <span role="alert">{zipError}</span>}
    </div>
  );
}
