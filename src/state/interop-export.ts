// One zip for other tools: the sweep as a cluster folder (llm-compressor recipes, lm-evaluation-harness
// tasks, run.sh), every finished point as Every Eval Ever JSON and as lm-eval style samples with
// hashes, and the model-card model-index of all points.
import { clusterExportFiles } from '../interop/cluster-export.ts';
import { everyEvalEverOf } from '../interop/every-eval-ever.ts';
import { modelIndexYaml } from '../interop/model-card.ts';
import { pointSlug } from '../interop/point.ts';
import { samplesJsonl } from '../interop/samples-out.ts';
import { zipFiles } from '../interop/zip.ts';
import { pointLabel } from './derive.ts';
import { planPoints, type Sweep, type SweepConfig } from './sweep.ts';

const README = `# KICK Lab export for other tools

- \`cluster/\`: the sweep for a GPU cluster: one llm-compressor recipe per point, the KICK tasks for
  lm-evaluation-harness, \`run.sh\` and its README (what runs where, what it needs, what differs).
- \`every-eval-ever/\`: each finished point as an Every Eval Ever result (schema 0.2.3).
- \`lm-eval-samples/\`: each point's examples in lm-evaluation-harness's samples format, with
  doc_hash, prompt_hash and target_hash (sha256, as lm-eval computes them).
- \`model-card/model-index.yaml\`: the points' scores as Hugging Face model-card evaluation results
  (paste under \`model-index:\` in a model card's YAML front matter).
`;

/** The zip's files (path -> text). `now` dates the export. */
export async function otherToolsFiles(sweep: Sweep, now = new Date()): Promise<Record<string, string>> {
  const files: Record<string, string> = { 'README.md': README };
  for (const [path, text] of Object.entries(clusterExportFiles(sweep, planPoints(sweep.config)))) files[`cluster/${path}`] = text;
  const stamp = now.toISOString().replace(/:/g, '-').replace('Z', '');
  for (const p of sweep.points) {
    const slug = pointSlug(p.spec);
    const label = pointLabel(p.spec, sweep.config);
    files[`every-eval-ever/${slug}.json`] = JSON.stringify(everyEvalEverOf({ record: p.record, label, sweepId: sweep.id, pointKey: p.key }, now.toISOString()), null, 2) + '\n';
    for (const [task, text] of await samplesJsonl(p.examples)) files[`lm-eval-samples/${slug}/samples_${task}_${stamp}.jsonl`] = text;
  }
  if (sweep.points.length) files['model-card/model-index.yaml'] = modelIndexYaml(sweep.points.map((p) => ({ record: p.record, label: pointLabel(p.spec, sweep.config) })));
  return files;
}

export async function otherToolsZip(sweep: Sweep, now = new Date()): Promise<Uint8Array> {
  return zipFiles(await otherToolsFiles(sweep, now));
}

/**
 * A sweep composed but not run (the Setup page): only the cluster folder, which needs no results.
 * The zip holds the folder's files at its root, as `npm run kick -- ... --export DIR` writes them.
 */
export function clusterZipOfConfig(config: SweepConfig, name: string): Uint8Array {
  return zipFiles(clusterExportFiles({ id: 'setup', name, config }, planPoints(config)));
}
