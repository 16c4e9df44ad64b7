import { exportName, recordsToCsv, recordsToJson, sweepToJson } from '../../state/export.ts';
import type { Sweep } from '../../state/sweep.ts';
import { downloadText } from '../charts/chart-export.ts';

/** The records of every point as JSON or CSV, and the whole sweep as JSON. */
export function ExportBar({ sweep }: { sweep: Sweep }) {
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
    </div>
  );
}
