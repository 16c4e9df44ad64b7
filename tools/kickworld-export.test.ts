import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSuite } from '../src/kickworld/index.ts';
import { parseExportArgs, runExport } from './kickworld-export.ts';

describe('kickworld-export', () => {
  it('parses its options and rejects unknown ones with one line', () => {
    expect(parseExportArgs(['--out', 'd', '--seed', 's'])).toEqual({ out: 'd', seed: 's', publicDir: undefined });
    expect(() => parseExportArgs(['--bogus', 'x'])).toThrow(/unknown option --bogus/);
    expect(() => parseExportArgs(['--out'])).toThrow(/needs a value/);
    expect(() => parseExportArgs([])).toThrow(/--out/);
  });

  it('writes the served suite with its version, identical to the generator output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kickworld-'));
    try {
      const suite = await runExport({ publicDir: dir, seed: 'kickworld-1' });
      const served = JSON.parse(readFileSync(join(dir, 'suite.json'), 'utf8'));
      expect(served.version).toBe(suite.version);
      expect(served.version).toBe((await buildSuite()).suite.version);
      expect(served.tasks.factoid.length).toBe(suite.tasks.factoid.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('matches the suite committed under public/kickworld', async () => {
    const committed = JSON.parse(readFileSync('public/kickworld/suite.json', 'utf8'));
    expect(committed.version).toBe((await buildSuite()).suite.version);
  });
});
