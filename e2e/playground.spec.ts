import { expect, test } from '@playwright/test';

test.describe('kernel playground', () => {
  test('shows the WebGPU adapter', async ({ page }) => {
    await page.goto('/#playground');
    const adapter = page.getByTestId('adapter');
    await expect(adapter).toContainText('WebGPU adapter');
    await expect(page.getByTestId('f16')).toHaveText(/yes|no/);
    await expect(adapter).toContainText('maxStorageBufferBindingSize');
  });

  test('compresses a random matrix with magnitude pruning on WebGPU', async ({ page }) => {
    await page.goto('/#playground');
    await expect(page.getByTestId('run')).toBeEnabled();
    await page.getByTestId('method').selectOption('magnitude');
    await page.getByTestId('run').click();
    const row = page.getByTestId('results').locator('tbody tr').first();
    await expect(row).toContainText('webgpu', { timeout: 60_000 });
    // magnitude at 50% prunes floor(numel/2)+1 weights of the 256x512 default: 50.00%.
    await expect(row.getByTestId('sparsity')).toHaveText('50.00%');
    const relErr = Number(await row.getByTestId('relerr').textContent());
    expect(relErr).toBeGreaterThan(0.2);
    expect(relErr).toBeLessThan(0.35);
    await page.screenshot({ path: 'test-results/playground-magnitude.png', fullPage: true });
  });

  test('quantizes with RTN on the CPU twin and reports the bit width', async ({ page }) => {
    await page.goto('/#playground');
    await expect(page.getByTestId('run')).toBeEnabled();
    await page.getByTestId('method').selectOption('rtn');
    await page.getByTestId('backend').selectOption('cpu');
    await page.getByTestId('run').click();
    const row = page.getByTestId('results').locator('tbody tr').first();
    await expect(row).toContainText('cpu', { timeout: 60_000 });
    await expect(row.locator('td').nth(5)).toHaveText('4.00');
  });

  test('shows a clear error for a bad N:M shape and keeps earlier results', async ({ page }) => {
    await page.goto('/#playground');
    await expect(page.getByTestId('run')).toBeEnabled();
    await page.getByTestId('method').selectOption('magnitude');
    await page.getByTestId('run').click();
    await expect(page.getByTestId('results').locator('tbody tr')).toHaveCount(1, { timeout: 60_000 });
    await page.getByLabel('in features').fill('510');
    await page.getByLabel('Pattern').selectOption('4:8');
    await page.getByTestId('run').click();
    await expect(page.getByTestId('error')).toContainText('multiple of 8');
    await expect(page.getByTestId('results').locator('tbody tr')).toHaveCount(1);
  });
});
