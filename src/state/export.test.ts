import { describe, expect, it } from 'vitest';
import { parseCsv, runRecordSchema } from '../tasks/record.ts';
import { exportName, recordsToCsv, recordsToJson, sweepToJson } from './export.ts';
import { hostileSweep, paperFindingSweep } from '../../test/state/sweep-fixtures.ts';
import { validateSweep } from './sweep.ts';

describe('exports', () => {
  const sweep = paperFindingSweep();

  it('writes the sweep as JSON that validates back to the same sweep', () => {
    expect(validateSweep(JSON.parse(sweepToJson(sweep)))).toEqual(sweep);
  });

  it('writes every record as a JSON array of valid records', () => {
    const records = JSON.parse(recordsToJson(sweep)) as unknown[];
    expect(records).toHaveLength(7);
    expect(records.map((r) => runRecordSchema.parse(r))).toEqual(sweep.points.map((p) => p.record));
  });

  it('writes one CSV with a single header and the task rows of every record', () => {
    const rows = parseCsv(recordsToCsv(sweep));
    const header = rows[0];
    expect(rows.filter((r) => r[0] === 'model_id')).toHaveLength(1);
    // 7 points x 3 task rows (factoid, icr_open, perplexity), no group rows in the fixture.
    expect(rows).toHaveLength(1 + 7 * 3);
    const col = (r: string[], name: string) => r[header.indexOf(name)];
    const m50 = rows.find((r) => col(r, 'method') === 'magnitude' && col(r, 'task') === 'factoid' && JSON.parse(col(r, 'method_params')).sparsity === 0.5)!;
    expect(Number(col(m50, 'kick'))).toBeCloseTo(0.3, 12);
  });

  it('carries the interval of each score and the paired drop of each compressed point in the sweep CSV', () => {
    const rows = parseCsv(recordsToCsv(sweep));
    const header = rows[0];
    const col = (r: string[], name: string) => r[header.indexOf(name)];
    const row = (method: string, sparsity: number | undefined, task: string) =>
      rows.find((r) => col(r, 'method') === method && col(r, 'task') === task && JSON.parse(col(r, 'method_params')).sparsity === sparsity)!;
    const m50 = row('magnitude', 0.5, 'factoid');
    const record = sweep.points.find((p) => p.key === 'magnitude|s=0.5')!.record.scores.find((t) => t.task === 'factoid')!;
    expect(Number(col(m50, 'kick_low'))).toBeCloseTo(record.kick.interval!.low, 12);
    expect(Number(col(m50, 'kick_drop'))).toBeCloseTo(record.drop!.kick!.drop, 12);
    expect(col(m50, 'kick_verdict')).toBe('does-not-match');
    expect(col(m50, 'strict_verdict')).toBe('does-not-match');
    // Dense has intervals but no drop from itself.
    const dense = row('dense', undefined, 'factoid');
    expect(col(dense, 'kick_high')).not.toBe('');
    expect(col(dense, 'kick_verdict')).toBe('');
  });

  it('writes no credential typed into a judge URL, nor any other secret, into any export', () => {
    const s = paperFindingSweep();
    s.config.judge = { url: 'https://bob:hunter2@judge.example/v1?api_key=SECRET1&apikey=SECRET2&access_token=SECRET3&auth=SECRET4#token=SECRET5', model: 'judge-1' };
    s.config.methods[0].params.apiKey = 'SECRET6';
    s.error = 'judge failed: 401 from https://bob:hunter2@judge.example/v1?key=SECRET7 with Bearer SECRET8';
    for (const p of s.points) p.record.judge = { url: 'https://judge.example/v1?token=SECRET9&key=SECRET10', model: 'judge-1' };
    const exports = { sweepJson: sweepToJson(s), recordsJson: recordsToJson(s), recordsCsv: recordsToCsv(s) };
    for (const [name, text] of Object.entries(exports)) {
      expect(text, name).not.toMatch(/SECRET|hunter2|bob/);
      expect(text.length, name).toBeGreaterThan(1000);
    }
    // The endpoint itself stays, so that the export says which judge graded.
    expect(JSON.parse(exports.sweepJson).config.judge).toEqual({ url: 'https://judge.example/v1', model: 'judge-1' });
  });

  it('keeps file names to safe characters', () => {
    expect(exportName(hostileSweep(), '.json')).toMatch(/^[A-Za-z0-9._-]+\.json$/);
  });
});
