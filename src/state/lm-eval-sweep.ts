// lm-evaluation-harness output as a sweep of the lab: the points read by src/interop/lm-eval-import.ts
// gathered into one validated sweep, so that history, the charts, compare and share links take
// them as they take a browser run. Each record says where it ran (record.origin).
import { importLmEval, type PickedFile } from '../interop/lm-eval-import.ts';
import { NM_PATTERNS, newSweepId, pointKey, SWEEP_SCHEMA_ID, SWEEP_VERSION, validateSweep, type NmPattern, type PointSpec, type Sweep, type SweepPoint } from './sweep.ts';

export interface ImportedSweep {
  sweep: Sweep;
  notes: string[];
}

function specOf(p: { method: string; sparsity: number | null; pattern: string | null; bits: number | null }): PointSpec {
  if (p.pattern !== null && !(NM_PATTERNS as readonly string[]).includes(p.pattern)) throw new Error(`N:M pattern ${p.pattern} is not one the lab charts (${NM_PATTERNS.join(', ')})`);
  return { method: p.method, sparsity: p.sparsity, pattern: p.pattern as NmPattern | null, bits: p.bits };
}

export async function sweepFromLmEval(files: readonly PickedFile[], now = new Date()): Promise<ImportedSweep> {
  const { points, notes } = await importLmEval(files);
  const byKey = new Map<string, SweepPoint>();
  for (const p of points) {
    const spec = specOf(p.point);
    const key = pointKey(spec);
    const earlier = byKey.get(key);
    if (earlier) {
      // Two lm_eval runs of the same checkpoint (say, one per task): the tasks the first lacks join it.
      const have = new Set(earlier.record.scores.map((s) => s.task));
      const extra = p.record.scores.filter((s) => !have.has(s.task));
      for (const s of p.record.scores.filter((x) => have.has(x.task))) notes.push(`${p.record.origin?.files[0] ?? key}: ${s.task} of ${key} is in an earlier file too; the earlier one is kept`);
      earlier.record.scores.push(...extra);
      earlier.record.suite.push(...p.record.suite.filter((s) => !have.has(s.task)));
      earlier.examples.push(...p.examples.filter((e) => !have.has(e.task)));
      continue;
    }
    byKey.set(key, { key, spec, record: p.record, layers: [], examples: p.examples, finishedAt: p.record.createdAt });
  }
  const list = [...byKey.values()];
  const dense = list.find((p) => p.spec.method === 'dense') ?? list[0];
  const compressed = list.filter((p) => p.spec.method !== 'dense');
  const methods = [...new Set(compressed.map((p) => p.spec.method))].map((id) => ({ id, params: {} }));
  const tasks = [...new Set(list.flatMap((p) => p.record.suite.map((s) => s.task)))].map((task) => ({ task, size: 'full' as const }));
  const stamp = now.toISOString();
  const sweep = validateSweep({
    schema: SWEEP_SCHEMA_ID,
    version: SWEEP_VERSION,
    id: newSweepId(),
    name: `lm-eval import: ${dense.record.model.id}`.slice(0, 200),
    createdAt: stamp,
    updatedAt: stamp,
    status: 'finished',
    error: null,
    config: {
      model: { ...dense.record.model },
      methods: methods.length ? methods : [{ id: 'dense', params: {} }],
      sparsities: [...new Set([0, ...compressed.flatMap((p) => (p.spec.sparsity === null ? [] : [p.spec.sparsity]))])].sort((a, b) => a - b),
      patterns: [...new Set(compressed.flatMap((p) => (p.spec.pattern === null ? [] : [p.spec.pattern])))],
      bits: [...new Set(compressed.flatMap((p) => (p.spec.bits === null ? [] : [p.spec.bits])))],
      tasks,
      calibration: null,
      device: 'auto',
      seed: dense.record.suite[0]?.seed ?? 0,
      judge: null,
    },
    points: list.sort((a, b) => (a.spec.method === 'dense' ? -1 : b.spec.method === 'dense' ? 1 : 0)),
  });
  return { sweep, notes };
}
