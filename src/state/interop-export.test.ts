import { describe, expect, test } from 'vitest';
import { paperFindingSweep } from '../../test/state/sweep-fixtures.ts';
import { fromYaml } from '../interop/yaml-text.ts';
import { clusterZipOfConfig, otherToolsFiles, otherToolsZip } from './interop-export.ts';
import { planPoints } from './sweep.ts';

describe('export for other tools', () => {
  const sweep = paperFindingSweep();
  const now = new Date('2026-12-06T12:00:00.000Z');

  test('holds the cluster folder, an Every Eval Ever file and samples per point, and the model-index', async () => {
    const files = await otherToolsFiles(sweep, now);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['README.md', 'cluster/run.sh', 'cluster/README.md', 'cluster/tasks/kick/utils.py', 'model-card/model-index.yaml']));
    const eee = Object.keys(files).filter((f) => f.startsWith('every-eval-ever/'));
    expect(eee).toHaveLength(sweep.points.length);
    for (const f of eee) expect(JSON.parse(files[f]).schema_version).toBe('0.2.3');
    expect(Object.keys(files).some((f) => /^lm-eval-samples\/magnitude_s0\.3\/samples_factoid_2026-12-06T12-00-00\.000\.jsonl$/.test(f))).toBe(true);
    expect((fromYaml(files['model-card/model-index.yaml']) as { 'model-index': unknown[] })['model-index']).toHaveLength(sweep.points.length);
    // kick-tiny has no PyTorch checkpoint: the cluster script asks for one.
    expect(files['cluster/run.sh']).toContain('MODEL="${MODEL:?');
  });

  test('zips them (a ZIP file starts with a local header and ends with the end record)', async () => {
    const zip = await otherToolsZip(sweep, now);
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint32(zip.length - 22, true)).toBe(0x06054b50);
    expect(view.getUint16(zip.length - 12, true)).toBe(Object.keys(await otherToolsFiles(sweep, now)).length);
  });

  test('a sweep only composed (the Setup page) zips its cluster folder: one recipe per compressed point, the tasks, run.sh', () => {
    const zip = clusterZipOfConfig(sweep.config, 'composed');
    const text = new TextDecoder().decode(zip);
    const compressed = planPoints(sweep.config).filter((p) => p.method !== 'dense').length;
    // Recipe files by name (the README also writes the pattern recipes/<point>.yaml).
    expect(new Set(text.match(/recipes\/[a-z0-9_.:-]+\.yaml/g)).size).toBe(compressed);
    for (const name of ['run.sh', 'README.md', 'tasks/kick/utils.py']) expect(text).toContain(name);
    expect(text).not.toContain('every-eval-ever/');
  });
});
