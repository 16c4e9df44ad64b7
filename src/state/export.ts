// Files a user can take away: the sweep itself, its run records as JSON or CSV. Every export is
// cleaned of secrets as a share link is (judge URLs lose credentials and query, key-like
// parameters go): a file travels as far as a link.
import { recordToCsv, recordToJson } from '../tasks/record.ts';
import { stripSecrets } from './secrets.ts';
import { sweepSchema, type Sweep } from './sweep.ts';

export function sweepToJson(sweep: Sweep): string {
  return JSON.stringify(stripSecrets(sweepSchema.parse(sweep)), null, 2);
}

/** Every point's run record (dense first), as a JSON array of validated records. */
export function recordsToJson(sweep: Sweep): string {
  return `[\n${stripSecrets(sweep).points.map((p) => recordToJson(p.record)).join(',\n')}\n]\n`;
}

/** One CSV for the whole sweep: the records' rows under a single header line. */
export function recordsToCsv(sweep: Sweep): string {
  const lines: string[] = [];
  stripSecrets(sweep).points.forEach((p, i) => {
    const rows = recordToCsv(p.record).split('\r\n').filter((l) => l.length > 0);
    lines.push(...(i === 0 ? rows : rows.slice(1)));
  });
  return lines.length ? lines.join('\r\n') + '\r\n' : '';
}

/** A file name from the sweep's model and id: letters, digits, dot, dash and underscore only. */
export function exportName(sweep: Sweep, suffix: string): string {
  return `${sweep.config.model.id}-${sweep.id}`.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) + suffix;
}
