// Test support: the hostile share links of issue 31, built from the paper fixture, packed with the
// app's own codec but without the encoder's checks (a crafted link is made by hand, not by the app).
import { crcHex, deflateRaw, toBase64Url } from '../../src/state/share-codec.ts';
import { SHARE_SCHEMA_ID, SHARE_VERSION } from '../../src/state/share.ts';
import type { Sweep } from '../../src/state/sweep.ts';
import { paperFindingSweep } from './sweep-fixtures.ts';

/** Link text (after `#share=`) for any payload, with a valid checksum. */
export async function packPayload(payload: unknown): Promise<string> {
  const bytes = await deflateRaw(new TextEncoder().encode(JSON.stringify(payload)));
  return `v${SHARE_VERSION}.${crcHex(bytes)}.${toBase64Url(bytes)}`;
}

/** Link text for a sweep as it stands, valid or not. */
export function packSweep(sweep: unknown): Promise<string> {
  return packPayload({ schema: SHARE_SCHEMA_ID, version: SHARE_VERSION, dropped: [], sweep });
}

/** A plain object copy of the paper sweep that a test may break at will. */
function base(): Sweep {
  return structuredClone(paperFindingSweep());
}

/** 900 prune+quantize combinations x 9,999 sparsities x 7 bit widths: about 63 M planned points. */
export function manyPlannedPoints(): Sweep {
  const s = base();
  s.id = 'hostile-63m-points';
  s.config.methods = Array.from({ length: 900 }, (_, i) => ({ id: `p${i}+rtn`, params: {} }));
  s.config.sparsities = Array.from({ length: 9_999 }, (_, i) => (i + 1) / 10_000);
  s.config.bits = [2, 3, 4, 5, 6, 7, 8];
  s.points = [];
  return s;
}

/** Within every list limit, yet 32 combinations x 64 sparsities x 7 bit widths = 14,337 points. */
export function plannedPointsWithinListLimits(): Sweep {
  const s = base();
  s.id = 'hostile-14k-points';
  s.config.methods = Array.from({ length: 32 }, (_, i) => ({ id: `p${i}+rtn`, params: {} }));
  s.config.sparsities = Array.from({ length: 64 }, (_, i) => (i + 1) / 65);
  s.config.bits = [2, 3, 4, 5, 6, 7, 8];
  s.points = [];
  return s;
}

/** `count` task entries (100,000 by default), all the same task: one chart each before deduplication. */
export function manyTaskEntries(count = 100_000): Sweep {
  const s = base();
  s.id = `hostile-${count}-tasks`;
  s.config.tasks = Array.from({ length: count }, () => ({ task: 'factoid' as const, size: 20 }));
  return s;
}

/** One point with `count` copies of one per-layer report (copies compress to almost nothing in a link). */
export function manyLayers(count = 100_000): Sweep {
  const s = base();
  s.id = `hostile-${count}-layers`;
  const layer = s.points[1].layers[0];
  s.points[1].layers = Array.from({ length: count }, () => ({ ...layer }));
  return s;
}

/** A point whose key is a megabyte of text: a message quoting it whole filled an error panel. */
export function longKey(): Sweep {
  const s = base();
  s.id = 'hostile-long-key';
  s.points[1].key = `${'A'.repeat(150_000)}<script>window.__pwned = 5</script>`;
  return s;
}

/** A config nested far deeper than any sweep: a parameter map holding arrays in arrays. */
export function deepNesting(): Sweep {
  const s = base();
  s.id = 'hostile-deep';
  let deep: unknown = 1;
  for (let i = 0; i < 1_000; i++) deep = [deep];
  (s.config.methods[0].params as Record<string, unknown>).x = deep;
  return s;
}

/** Every case above, by name, with a short reason a test can print. */
export const HOSTILE_SWEEPS: ReadonlyArray<{ name: string; make: () => Sweep }> = [
  { name: '63 M planned points', make: manyPlannedPoints },
  { name: '14,337 planned points within the list limits', make: plannedPointsWithinListLimits },
  { name: '100,000 task entries', make: () => manyTaskEntries(100_000) },
  { name: '10,000 task entries', make: () => manyTaskEntries(10_000) },
  { name: '100,000 layers', make: () => manyLayers(100_000) },
  { name: '10,000 layers', make: () => manyLayers(10_000) },
  { name: 'a 150,000-character point key', make: longKey },
  { name: '1,000 levels of nesting', make: deepNesting },
];
