import { expect, test } from '@playwright/test';

// The preset on this 2-core machine: 5 examples per task by default (CI), LAB_PRESET_SAMPLES=100 for
// the full preset as the page starts it.
const SAMPLES = Number(process.env.LAB_PRESET_SAMPLES ?? 5);

test.describe('lab: the paper preset on kick-tiny', () => {
  test('from the first screen to a chart, charts filling in as points arrive', async ({ page }) => {
    test.setTimeout(600_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/');
    await expect(page.getByTestId('setup-view')).toBeVisible();
    await page.screenshot({ path: 'test-results/lab-setup.png', fullPage: true });
    await page.getByTestId('preset-samples').fill(String(SAMPLES));
    const t0 = Date.now();
    await page.getByTestId('preset-paper').click();
    await expect(page.getByTestId('run-view')).toBeVisible();
    await expect(page.getByTestId('stage-progress')).toBeVisible({ timeout: 60_000 });
    await page.screenshot({ path: 'test-results/lab-run-progress.png', fullPage: true });
    await expect(page.getByTestId('live-chart-factoid-sparsity')).toBeVisible({ timeout: 300_000 });
    const firstChart = Date.now() - t0;
    // Drawn from dense and the first compressed point: each compressed point has its interval bar.
    const liveFactoid = page.getByTestId('live-chart-factoid-sparsity');
    await expect.poll(() => liveFactoid.locator('.kr-error-bar').count()).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('live-chart-factoid-sparsity-legend')).toContainText('matching: within 5% below dense');
    await expect(page.getByTestId('live-chart-icr_open-sparsity')).toBeVisible();
    await expect(page.getByTestId('live-chart-perplexity-sparsity')).toBeVisible();
    await page.screenshot({ path: 'test-results/lab-run-first-chart.png', fullPage: true });
    await expect(page.getByTestId('run-phase')).toHaveAttribute('data-phase', /finished|failed/, { timeout: 500_000 });
    const total = Date.now() - t0;
    console.log(`preset with ${SAMPLES} examples per task: first chart after ${(firstChart / 1000).toFixed(1)} s, finished after ${(total / 1000).toFixed(1)} s`);
    await expect(page.getByTestId('run-phase')).toHaveAttribute('data-phase', 'finished');
    await expect(page.getByTestId('run-count')).toHaveText('7 of 7 points');
    await expect(liveFactoid.locator('.kr-error-bar')).toHaveCount(6);
    await expect(page.getByTestId('live-chart-factoid-sparsity-legend')).toContainText(/wanda \(n = \d+\)/);
    await page.screenshot({ path: 'test-results/lab-run-finished.png', fullPage: true });
  });
});
