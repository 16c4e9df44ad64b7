// What failed in a lab run, for stderr: one line per failure naming the point, the task or layer,
// the stage and the message, under a count of what finished. Printed when npm run kick exits 1.
import type { LabError, LabRunInput, LabRunSummary, LabStage } from '../../src/worker/lab-protocol.ts';
import { compressionPointLabel } from '../../src/worker/point-label.ts';

/** Stages that belong to the whole run rather than to one point. */
const RUN_STAGES: ReadonlySet<LabStage> = new Set(['download', 'index', 'data']);

function pointName(error: LabError, config: Pick<LabRunInput, 'points'>): string {
  if (error.point >= 0) {
    const point = config.points[error.point];
    return point ? `point "${compressionPointLabel({ ...point, schedule: point.schedule ?? 'uniform' })}"` : `point ${error.point}`;
  }
  return RUN_STAGES.has(error.stage) ? 'the run' : 'point "dense"';
}

function whereText(error: LabError): string {
  if (!error.where) return '';
  return error.stage === 'evaluate' ? `, task ${error.where}` : error.stage === 'data' ? `, data set ${error.where}` : `, at ${error.where}`;
}

/** Longest browser console line quoted. */
const CONSOLE_CHARS = 300;

/** `corsRefusals`: Chromium's console lines about requests it blocked for want of CORS headers. */
export function failureSummary(summary: Pick<LabRunSummary, 'errors' | 'points' | 'cancelled'>, config: Pick<LabRunInput, 'points' | 'dense'>, corsRefusals: readonly string[] = []): string {
  const planned = config.points.length + (config.dense === false ? 0 : 1);
  const failures = summary.errors.filter((e) => !e.cancelled);
  const head = `kick: ${failures.length} failure${failures.length === 1 ? '' : 's'}${summary.cancelled ? ', cancelled' : ''}; ${summary.points.length} of ${planned} points finished`;
  const lines = failures.map((e) => `  ${pointName(e, config)}${whereText(e)}, stage ${e.stage}: ${e.message}`);
  const cors = corsRefusals.map((t) => `  the browser says: ${t.length > CONSOLE_CHARS ? `${t.slice(0, CONSOLE_CHARS)}…` : t}`);
  if (cors.length > 0) cors.push('  so the server answered but sent no Access-Control-Allow-Origin header: serve the files with "Access-Control-Allow-Origin: *"');
  return [head, ...lines, ...cors].join('\n');
}
