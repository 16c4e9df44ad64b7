import { describe, expect, it } from 'vitest';
import { tinyFixtureFiles } from '../../../test/servers/tiny-fixtures.ts';
import { folderSource, folderSourceFromFiles } from './folder-source.ts';
import { loadMmlu, loadVicunaBench } from './loaders.ts';

describe('picked folder as a data source', () => {
  it('finds fixture files below a picked parent folder', async () => {
    const files = Object.entries(tinyFixtureFiles()).map(([rel, text]) => ({ path: `shared/datasets/${rel}`, text: async () => text }));
    const src = folderSource('shared', files);
    expect((await loadMmlu(src)).data.test).toHaveLength(4);
    expect((await loadVicunaBench(src)).source).toBe('folder:shared');
  });
  it('reads File objects and reports a missing file by name', async () => {
    const dev = new File([tinyFixtureFiles()['mmlu/dev.jsonl']], 'dev.jsonl');
    const src = folderSourceFromFiles('picked', [dev]);
    await expect(loadMmlu(src)).rejects.toThrow('data set "mmlu": mmlu/test.jsonl is missing from picked');
  });
});
