// npx tsx tools/records/recompute.ts FILE.json
// Recomputes what a results file claims from its per-example outcomes alone: every score, every
// Wilson interval, every paired drop and McNemar p-value (see recompute-checks.ts). Reads the JSON
// that `npm run kick -- --json` prints or a sweep file the lab exports. Exits 1 on any mismatch.
import { readFileSync } from 'node:fs';
import { runRecordSchema } from '../../src/tasks/record.ts';
import { recomputeChecks, type LabelledRecord } from './recompute-checks.ts';

/** Points of either file shape, each record validated (v1 records open, without outcomes). */
export function recordsOf(doc: unknown): LabelledRecord[] {
  const points = (doc as { points?: unknown }).points;
  if (!Array.isArray(points)) throw new Error('no "points" array: expected the JSON of `npm run kick -- --json` or a sweep file');
  return points.flatMap((p: { label?: string; key?: string; record?: unknown }, i) => {
    if (!p.record) return [];
    return [{ label: p.label ?? p.key ?? `point ${i + 1}`, record: runRecordSchema.parse(p.record) }];
  });
}

function show(v: number | [number, number]): string {
  return Array.isArray(v) ? `[${v.map((x) => x.toFixed(6)).join(', ')}]` : v.toPrecision(8);
}

function main(): void {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: npx tsx tools/records/recompute.ts FILE.json\n');
    process.exit(2);
  }
  const text = readFileSync(file, 'utf8');
  // `npm run` prints its own header lines before the JSON.
  const checks = recomputeChecks(recordsOf(JSON.parse(text.slice(text.indexOf('{')))));
  process.stdout.write('| point | task | rule | check | recorded | recomputed | |\n|---|---|---|---|---|---|---|\n');
  for (const c of checks) process.stdout.write(`| ${c.point} | ${c.task} | ${c.rule} | ${c.what} | ${show(c.recorded)} | ${show(c.recomputed)} | ${c.ok ? 'ok' : 'DIFFERS'} |\n`);
  const bad = checks.filter((c) => !c.ok).length;
  process.stdout.write(`\n${checks.length - bad} of ${checks.length} checks agree\n`);
  if (bad > 0 || checks.length === 0) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
