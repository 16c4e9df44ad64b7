// Results in other tools' formats, in the built app: lm-eval output imported through the History
// page lands on the Results page marked with where it ran; the Results page's zip for other tools
// holds the cluster folder and the common formats.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { paperFindingSweep, shareHash } from './results-fixtures.ts';

const MMLU = 'test/interop/fixtures/lm-eval/saucam-model_evals/Meta-Llama-3-8B-openllm-mmlu.json';

test('imports a real lm-eval results file into the history and opens it on the Results page', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('tab-history').click();
  await page.getByTestId('import-lm-eval').setInputFiles([{ name: 'mmlu.json', mimeType: 'application/json', buffer: readFileSync(MMLU) }]);
  await expect(page.getByText('Imported “lm-eval import: meta-llama/Meta-Llama-3-8B”: 1 point.')).toBeVisible();
  const row = page.getByTestId('history-row').filter({ hasText: 'lm-eval import: meta-llama/Meta-Llama-3-8B' });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('results-model')).toContainText('meta-llama/Meta-Llama-3-8B');
  await expect(page.getByTestId('results-origin')).toHaveText('lm-evaluation-harness unknown (hf) on 1 x NVIDIA A100 80GB PCIe');
  await page.screenshot({ path: 'test-results/interop-imported.png', fullPage: true });
});

test('a file that is not lm-eval output is refused with one line', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('tab-history').click();
  await page.getByTestId('import-lm-eval').setInputFiles([{ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"a": 1}') }]);
  await expect(page.getByTestId('lm-eval-import').getByRole('alert')).toHaveText(/notes\.json: not an lm-eval results file/);
});

test('the Results page downloads the zip for other tools', async ({ page }) => {
  await page.goto(`/${await shareHash(paperFindingSweep())}`);
  await page.getByTestId('export-menu').locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-other-tools').click()]);
  expect(download.suggestedFilename()).toMatch(/-other-tools\.zip$/);
  const bytes = readFileSync(await download.path());
  expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
  expect(bytes.toString('latin1')).toContain('cluster/run.sh');
  expect(bytes.toString('latin1')).toContain('every-eval-ever/');
});
