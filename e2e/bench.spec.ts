import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

test.describe('kernel benchmark view', () => {
  test('runs a tiny suite, exports JSON and a link that opens beside a fresh run', async ({ page, browser }) => {
    test.setTimeout(420_000);
    await page.goto('/#playground');
    await page.getByTestId('bench-view-link').click();
    await expect(page).toHaveURL(/#\/bench$/);
    await page.getByTestId('bench-shapes').fill('32x160');
    await page.getByTestId('bench-runs').fill('1');
    await page.getByTestId('bench-tokens').fill('32');
    await page.getByTestId('bench-run').click();
    const table = page.getByTestId('bench-table');
    await expect(table).toBeVisible({ timeout: 300_000 });
    const rows = table.getByTestId('bench-row');
    // The suite's 14 kernels and ONNX Runtime's WebGPU MatMul as a peer.
    await expect(rows).toHaveCount(15);
    await expect(rows.last()).toContainText('ORT WebGPU MatMul (peer)');
    // Every kernel ran and has a fraction of its baseline.
    for (const fraction of await rows.getByTestId('fraction').allTextContents()) expect(fraction).toMatch(/^\d+(\.\d)?%$/);
    await expect(table.getByTestId('copy-rate')).toHaveText(/GB\/s$/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bench-export-json').click()]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported.schema).toBe('kick-lab/kernel-bench');
    expect(exported.rows).toHaveLength(15);
    expect(exported.adapter.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);

    await page.getByTestId('bench-share').click();
    const link = await page.getByTestId('bench-link').inputValue();
    expect(link).toMatch(/#\/bench\/v1\.[0-9a-f]{8}\./);

    // A fresh browser context (no state) opens the link and shows the shared figures.
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto(link);
    const shared = fresh.getByTestId('bench-table');
    await expect(shared).toContainText('Shared:');
    await expect(shared.getByTestId('bench-row')).toHaveCount(15);
    await expect(fresh.getByTestId('bench-link-error')).toHaveCount(0);
    // The form takes the link's shapes, runs and tokens, so a run here measures the same rows.
    await expect(fresh.getByTestId('bench-shapes')).toHaveValue('32x160');
    await expect(fresh.getByTestId('bench-runs')).toHaveValue('1');
    await expect(fresh.getByTestId('bench-tokens')).toHaveValue('32');
    // The link held every kernel.
    await expect(fresh.getByTestId('bench-kernels')).toHaveValue('all');
    // A bandwidth-only run there fills this browser's column for those rows only.
    await fresh.getByTestId('bench-kernels').selectOption('bandwidth');
    await fresh.getByTestId('bench-run').click();
    await expect(shared).toContainText('This browser:', { timeout: 120_000 });
    await expect(shared.getByTestId('bench-row')).toHaveCount(15);
    await expect(shared.getByText('not run')).toHaveCount(7);
    await context.close();

    // Opened where this browser has its own run, the shared figures sit beside it.
    await page.goto(link);
    await expect(table).toContainText('This browser:');
    await expect(table).toContainText('Shared:');

    // A damaged link says so in one line.
    await page.goto(link.replace(/\.([0-9a-f]{8})\./, '.00000000.'));
    await expect(page.getByTestId('bench-link-error')).toContainText('checksum');
  });
});
