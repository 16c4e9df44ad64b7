import { expect, test, type Page } from '@playwright/test';

// Real runs of kick-tiny in the app (wasm evaluation, WebGPU or CPU kernels), kept small: a
// couple of examples per task, so that each test takes a minute or two on 2 CPU cores.

/** From the preset's composition to dense + magnitude 50%, factoid and perplexity, 2 examples each. */
async function composeSmallSweep(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('setup-view')).toBeVisible();
  await page.getByTestId('method-wanda').uncheck();
  await page.getByTestId('sparsity-30').uncheck();
  await page.getByTestId('sparsity-70').uncheck();
  await page.getByTestId('task-icr_open').uncheck();
  await page.getByTestId('samples-factoid').fill('2');
  await page.getByTestId('samples-perplexity').fill('2');
  await expect(page.getByTestId('start-run')).toHaveText('Start sweep (2 points)');
}

async function startPreset(page: Page, samples: number): Promise<void> {
  await page.goto('/');
  await page.getByTestId('preset-samples').fill(String(samples));
  await page.getByTestId('preset-paper').click();
  await expect(page.getByTestId('run-view')).toBeVisible();
}

const donePoints = (page: Page) => page.locator('[data-testid="plan-point"][data-done="true"]');

test.describe('lab runs', () => {
  test('a share link of a real run opens in a fresh browser and reproduces its numbers', async ({ page, browser }) => {
    test.setTimeout(480_000);
    await composeSmallSweep(page);
    const labWorker = page.waitForEvent('worker');
    await page.getByTestId('start-run').click();
    // The run's worker may evaluate on several threads: it is cross-origin isolated.
    expect(await (await labWorker).evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    await expect(page.getByTestId('run-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 240_000 });
    await expect(page.getByTestId('run-count')).toHaveText('2 of 2 points');
    await page.getByTestId('open-results').click();
    const score = page.locator('[data-testid="drop-row"][data-point="magnitude|s=0.5"][data-task="factoid"] [data-col="score"]');
    const ppl = page.locator('[data-testid="ppl-row"][data-point="magnitude|s=0.5"] [data-col="perplexity"]');
    const shownScore = await score.textContent();
    const shownPpl = await ppl.textContent();
    expect(Number(shownPpl)).toBeGreaterThan(1);
    await page.getByTestId('share-make').click();
    const link = await page.getByTestId('share-link').inputValue();
    expect(link).toMatch(/#share=v1\./);

    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(link);
    await expect(other.getByTestId('results-view')).toBeVisible();
    await expect(other.locator('[data-testid="drop-row"][data-point="magnitude|s=0.5"][data-task="factoid"] [data-col="score"]')).toHaveText(shownScore!);
    await expect(other.locator('[data-testid="ppl-row"][data-point="magnitude|s=0.5"] [data-col="perplexity"]')).toHaveText(shownPpl!);
    await other.getByTestId('reproduce').click();
    // The re-run names the point in progress, of how many, and its stage.
    await expect(other.getByTestId('reproduce-progress')).toContainText(/point [12] of 2 \(/, { timeout: 60_000 });
    const summary = other.getByTestId('reproduction-summary');
    await expect(summary).toBeVisible({ timeout: 300_000 });
    await expect(summary).toContainText(/Reproduced (\d+) of \1 numbers/);
    await expect(summary).not.toContainText('not reproduced');
    await expect(summary).toHaveAttribute('data-outcome', 'good');
    await other.screenshot({ path: 'test-results/lab-reproduced.png', fullPage: true });
    await fresh.close();
  });

  test('cancel mid-run stops the run and keeps the finished points', async ({ page }) => {
    test.setTimeout(300_000);
    await startPreset(page, 2);
    await expect(donePoints(page)).toHaveCount(1, { timeout: 180_000 });
    await page.getByTestId('cancel-run').click();
    await expect(page.getByTestId('run-phase')).toHaveAttribute('data-phase', 'cancelled', { timeout: 60_000 });
    const kept = await donePoints(page).count();
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(7);
    await expect(page.getByTestId('run-errors')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/lab-cancelled.png', fullPage: true });
    // The cancelled sweep is in the history with what it finished, and is not offered for resuming.
    await page.getByTestId('tab-history').click();
    await expect(page.getByTestId('history-row').first()).toContainText('cancelled');
    await page.reload();
    await page.getByTestId('tab-lab').click();
    await expect(page.getByTestId('setup-view')).toBeVisible();
    await expect(page.getByTestId('resume-offer')).toHaveCount(0);
  });

  test('a reload mid-run offers to resume, and the resumed sweep finishes every point', async ({ page }) => {
    test.setTimeout(480_000);
    await startPreset(page, 2);
    await expect(donePoints(page).nth(1)).toBeVisible({ timeout: 240_000 });
    await page.reload();
    const offer = page.getByTestId('resume-offer');
    await expect(offer).toBeVisible();
    const count = await offer.getByTestId('resume-count').textContent();
    const finished = Number(/^(\d+) of 7 points finished$/.exec(count ?? '')?.[1]);
    expect(finished).toBeGreaterThanOrEqual(2);
    expect(finished).toBeLessThan(7);
    await page.screenshot({ path: 'test-results/lab-resume-offer.png', fullPage: true });
    // The history tells the same: interrupted, not running, with a way to resume.
    await page.getByTestId('tab-history').click();
    await expect(page.getByTestId('history-interrupted')).toContainText('interrupted');
    await expect(page.getByTestId('history-resume')).toBeVisible();
    await page.goto('/#run');
    await expect(offer).toBeVisible();
    await offer.getByTestId('resume').click();
    await expect(page.getByTestId('run-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 400_000 });
    // Only the points still to run ran again.
    await expect(page.getByTestId('run-count')).toHaveText(`${7 - finished} of ${7 - finished} points`);
    await page.getByTestId('open-results').click();
    for (const method of ['magnitude', 'wanda']) {
      for (const s of ['0.3', '0.5', '0.7']) {
        await expect(page.locator(`[data-testid="drop-row"][data-point="${method}|s=${s}"][data-task="factoid"]`)).toHaveCount(1);
      }
    }
    await expect(page.getByTestId('resume-offer')).toHaveCount(0);
  });
});
