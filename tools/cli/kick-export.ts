// npm run kick -- ... --export DIR: the sweep the options describe, written as a folder a cluster runs
// (llm-compressor recipes, lm-eval tasks, run.sh, README) instead of running it in the browser.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatPattern } from '../../src/compress/params.ts';
import { clusterExportFiles } from '../../src/interop/cluster-export.ts';
import type { PlannedPoint } from '../../src/interop/cluster-export.ts';
import type { ExportSweep } from '../../src/interop/point.ts';
import type { LabRunConfig } from '../../src/worker/lab-protocol.ts';

function modelId(model: LabRunConfig['model']): { id: string; revision: string } {
  if (model.kind === 'hub') return { id: model.id, revision: model.revision ?? 'main' };
  if (model.kind === 'builtin') return { id: model.id, revision: 'builtin' };
  return { id: model.baseUrl, revision: 'url' };
}

/** The export's view of a CLI run: one method, its shared parameters, a point per level listed. */
export function exportSweepOf(config: LabRunConfig, id: string): { sweep: ExportSweep; points: PlannedPoint[] } {
  const points: PlannedPoint[] = config.dense ? [{ method: 'dense', sparsity: null, pattern: null, bits: null }] : [];
  const methods: ExportSweep['config']['methods'][number][] = [];
  for (const p of config.points) {
    const { sparsity, pattern, bits, ...fixed } = p.params;
    const nm = pattern && pattern !== 'unstructured' ? formatPattern(pattern) : null;
    points.push({ method: p.spec, sparsity: nm ? null : (sparsity ?? null), pattern: nm, bits: bits ?? null });
    if (!methods.some((m) => m.id === p.spec)) methods.push({ id: p.spec, params: { ...fixed, ...(p.schedule === 'owl' ? { schedule: 'owl' } : {}) } });
  }
  const size = config.tasks.limit ?? 'full';
  const sweep: ExportSweep = {
    id,
    name: `npm run kick export of ${modelId(config.model).id}`,
    config: {
      model: modelId(config.model),
      methods,
      tasks: config.tasks.ids.map((task) => ({ task, size })),
      calibration: { dataset: config.calibration.source, samples: config.calibration.nsamples, seqLen: config.calibration.seqlen, seed: config.calibration.seed, mode: config.calibration.mode },
    },
  };
  return { sweep, points };
}

/** Writes the folder; returns the paths written, relative to `dir`. */
export function writeClusterExport(config: LabRunConfig, dir: string, id = `kick-cli-${Date.now().toString(36)}`): string[] {
  const { sweep, points } = exportSweepOf(config, id);
  const files = clusterExportFiles(sweep, points);
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { mode: rel.endsWith('.sh') ? 0o755 : 0o644 });
  }
  return Object.keys(files);
}
