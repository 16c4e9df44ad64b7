import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

// LLM-KICK's own data sets, built into the app, on kick-tiny with the hub unreachable: the first
// screen says which data is in use, the sweep runs, and every exported record names the built-in
// files with the SHA-256 of their bytes.

interface ExportedRecord {
  suite: { task: string; source: string; files?: { path: string; sha256: string }[] }[];
  scores: { task: string }[];
}

function builtinHashes(): Map<string, string> {
  const manifest = JSON.parse(readFileSync('public/datasets/manifest.json', 'utf8')) as { files: { path: string; stored: string }[] };
  return new Map(
    manifest.files.map((f) => {
      const bytes = readFileSync(`public/datasets/${f.stored}`);
      return [f.path, createHash('sha256').update(f.stored.endsWith('.gz') ? gunzipSync(bytes) : bytes).digest('hex')];
    }),
  );
}

test('a sweep on the built-in LLM-KICK data sets with the hub blocked', async ({ page, context }) => {
  test.setTimeout(420_000);
  const hubRequests: string[] = [];
  await context.route(/huggingface\.co/, async (route) => {
    hubRequests.push(route.request().url());
    await route.abort('internetdisconnected');
  });
  await page.goto('/');
  await expect(page.getByTestId('setup-view')).toBeVisible();
  // kick-tiny reads its own KICK-world unless told otherwise.
  await expect(page.getByTestId('data-source')).toHaveAttribute('data-source', 'kickworld');
  await page.getByTestId('data-source-select').selectOption('builtin');
  await expect(page.getByTestId('data-source')).toHaveAttribute('data-source', 'builtin');
  await expect(page.getByTestId('data-source-note')).toContainText('Works offline');
  await page.getByTestId('method-wanda').uncheck();
  await page.getByTestId('sparsity-30').uncheck();
  await page.getByTestId('sparsity-70').uncheck();
  await page.getByTestId('task-icr_open').uncheck();
  await page.getByTestId('task-icr_closed').check();
  await page.getByTestId('samples-factoid').fill('1');
  await page.getByTestId('samples-icr_closed').fill('1');
  await page.getByTestId('samples-perplexity').fill('1');
  await expect(page.getByTestId('start-run')).toHaveText('Start sweep (2 points)');
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 360_000 });
  await expect(page.getByTestId('run-count')).toHaveText('2 of 2 points');
  await expect(page.getByTestId('run-errors')).toHaveCount(0);
  expect(hubRequests).toEqual([]);

  await page.getByTestId('open-results').click();
  await page.getByTestId('export-menu').locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-records-json').click()]);
  const records = JSON.parse(readFileSync((await download.path())!, 'utf8')) as ExportedRecord[];
  expect(records).toHaveLength(2);
  const hashes = builtinHashes();
  for (const record of records) {
    expect(record.scores.map((s) => s.task)).toEqual(['factoid', 'icr_closed', 'perplexity']);
    expect(record.suite.flatMap((s) => s.files!.map((f) => f.path))).toEqual(['freebaseqa/eval.jsonl', 'triviaqa/rc_wikipedia_validation_closedbook.jsonl', 'wikitext2/test.txt']);
    for (const entry of record.suite) {
      expect(entry.source).toBe('builtin:public/datasets');
      for (const f of entry.files!) expect(f.sha256, f.path).toBe(hashes.get(f.path));
    }
  }
});
